# Jupyter server configuration of `npm run lab` (scripts/lab.ts passes it with --config).
# The tracked notebooks are committed without outputs (CONTRIBUTING.md), so the lab saves them that way:
# outputs and execution counts are dropped on save, and the kernel's language_info is written as committed.
# The executed notebooks, with every output, come from `npm run reproduce` (out/notebooks/).


def scrub_outputs(model, **kwargs):
    """Pre-save hook: empties the outputs and execution counts of every code cell of a notebook."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    content = model["content"]
    for cell in content.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    metadata = content.setdefault("metadata", {})
    if metadata.get("kernelspec", {}).get("name") == "tslab":
        metadata["language_info"] = {"name": "typescript"}


c = get_config()  # noqa: F821 (defined by Jupyter when it loads this file)
c.FileContentsManager.pre_save_hook = scrub_outputs
