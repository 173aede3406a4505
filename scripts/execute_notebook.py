"""Executes one notebook with the project's tslab kernel and writes the executed copy.

Usage: /usr/bin/python3 scripts/execute_notebook.py <in.ipynb> <out.ipynb> [timeout_seconds]

Runs on Debian's Jupyter (nbclient). Unlike `nbconvert --allow-errors`, a failing cell stops the run
and the exit status is 1; the partly executed notebook is still written, and a JSON line on stderr
names the cell and carries its error text (tslab reports errors as stderr output, with an empty ename).
"""
import json
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError


def cell_error_text(cell):
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            parts.append("\n".join(output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"]))
        elif output.get("output_type") == "stream" and output.get("name") == "stderr":
            parts.append(output.get("text", ""))
    return "\n".join(p for p in parts if p).strip()


def main():
    source, target = sys.argv[1], sys.argv[2]
    timeout = int(sys.argv[3]) if len(sys.argv) > 3 else 1200
    nb = nbformat.read(source, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="tslab", allow_errors=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )
    failure = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        index = next((i for i, c in enumerate(nb.cells)
                      if c.get("cell_type") == "code" and cell_error_text(c)), None)
        if index is None:  # a timeout leaves no error output: the last cell that started is the culprit
            index = max((i for i, c in enumerate(nb.cells) if c.get("execution_count")), default=0)
        cell = nb.cells[index]
        failure = {
            "cell": index,
            "source": cell.get("source", ""),
            "error": cell_error_text(cell) or str(err).strip()[-4000:],
        }
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    nbformat.write(nb, target)
    if failure:
        sys.stderr.write(json.dumps(failure) + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
