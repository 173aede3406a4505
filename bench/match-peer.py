"""The peer of `laionet match` in bench/match.ts: what a researcher would write with the field's tools (MetaCLIP's
curation: pyarrow reads the caption column, pyahocorasick finds the substrings).

The rule is the project's (the paper's when the map is the paper's): a caption is normalised as the authors do
(ASCII punctuation to spaces, one space added at both ends; in extended mode runs of ASCII whitespace collapse), and
an entry matches when ' ' + pattern + ' ' occurs in it, exactly for case-sensitive entries and in the ASCII-lowercased
caption for the others. Two automata (exact, folded) over the padded patterns, one pass each.

Usage: python3 bench/match-peer.py <map.json> <processes> <file.parquet>...
  map.json: {"collapse": bool, "entries": [{"pattern", "caseSensitive", "wnids"}]} (matchable entries only)
Prints one JSON line: {"rows", "matched", "seconds", "processes"} (seconds from the start of this script).
"""
import json
import re
import string
import sys
import time

T0 = time.perf_counter()

import ahocorasick  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

PUNCT = str.maketrans(string.punctuation, ' ' * len(string.punctuation))
LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
SPACE_RUN = re.compile(r'[ \t\n\r\f\v]+')


def build(map_file):
    with open(map_file) as f:
        spec = json.load(f)
    exact, folded = ahocorasick.Automaton(), ahocorasick.Automaton()
    for i, e in enumerate(spec['entries']):
        if e['caseSensitive']:
            exact.add_word(' ' + e['pattern'] + ' ', i)
        else:
            folded.add_word(' ' + e['pattern'].translate(LOWER) + ' ', i)
    for a in (exact, folded):
        if len(a) == 0:
            a.add_word('\0\0never\0\0', -1)
        a.make_automaton()
    return spec, exact, folded


def match_file(args):
    map_file, file = args
    spec, exact, folded = STATE.get(map_file) or STATE.setdefault(map_file, build(map_file))
    entries, collapse = spec['entries'], spec['collapse']
    rows = matched = 0
    records = []
    pf = pq.ParquetFile(file)
    for g in range(pf.num_row_groups):
        texts = pf.read_row_group(g, columns=['TEXT']).column('TEXT').to_pylist()
        for i, text in enumerate(texts):
            if not text:
                continue
            norm = text.translate(PUNCT)
            if collapse:
                norm = SPACE_RUN.sub(' ', norm)
            norm = ' ' + norm + ' '
            hits = {v for _, v in exact.iter(norm)}
            hits.update(v for _, v in folded.iter(norm.translate(LOWER)))
            if hits:
                matched += 1
                records.append((rows + i, sorted({w for h in hits for w in entries[h]['wnids']})))
        rows += len(texts)
    return rows, matched


STATE = {}

if __name__ == '__main__':
    map_file, processes, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    jobs = [(map_file, f) for f in files]
    if processes <= 1:
        results = [match_file(j) for j in jobs]
    else:
        from multiprocessing import Pool
        with Pool(processes) as pool:
            results = pool.map(match_file, jobs, chunksize=max(1, len(jobs) // (4 * processes)))
    print(json.dumps({'rows': sum(r for r, _ in results), 'matched': sum(m for _, m in results),
                      'seconds': time.perf_counter() - T0, 'processes': processes}))
