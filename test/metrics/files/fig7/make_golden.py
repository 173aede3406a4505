"""Golden for Fig. 7's class set and per-class test (test/metrics/imagenetv2-compare.test.ts).

Transcribes the authors' notebooks/compare_intra_class_similarites_of_laionet_vs_others.ipynb (cells 10-23:
drop empty label lists, `vec` = strictly lower triangle of the Gram matrix, common wnids over the prefixes, the
>= 7 pairs rule on every prefix, mean +- 1.96 std / sqrt(#pairs - 1), UCB < 0 / LCB > 0 shares) on a small random
input, with the prefixes of Fig. 7: LAIONet, ImageNet validation and the three ImageNetV2 sets, all in one class set.
The authors ran the notebook one pair of prefixes at a time; the class set here is the one over all five (issue #21
item 8). Run: python3 make_golden.py  (writes input.json and golden.json beside it).
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20240607)
d = 8
wnids = [f'n{10000000 + i:08d}' for i in range(14)]
# images per class in each set; 0 = the class has no image (no similarity file in the authors' layout)
counts = {
    'LAIONet':             [12, 9, 5, 4, 30, 7, 6, 2, 15, 8, 0, 11, 5, 20],
    'ImageNet validation': [12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 3, 12, 12],
    'MatchedFrequency':    [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 4, 10],
    'Threshold0.7':        [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
    'TopImages':           [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
}
spread = {'LAIONet': 1.3, 'ImageNet validation': 0.7, 'MatchedFrequency': 1.0, 'Threshold0.7': 0.8, 'TopImages': 0.6}
centres = rng.normal(size=(len(wnids), d))
sets = {}
for name, cs in counts.items():
    X, labels = [], []
    for c, n in enumerate(cs):
        for _ in range(n):
            v = centres[c] + spread[name] * rng.normal(size=d)
            X.append(v / np.linalg.norm(v))
            labels.append(wnids[c])
    order = rng.permutation(len(labels))
    sets[name] = {'labels': [labels[i] for i in order], 'X': [[float(x) for x in X[i]] for i in order]}
# the LAIONet label file: the last class is listed with no index (dropped), the 11th has none at all
wnid2laionindices = {w: [] if i == 13 else [0] for i, w in enumerate(wnids) if i != 10}

# ----- the authors' lines -----
wnid2laionindices = {wnid: indices for wnid, indices in wnid2laionindices.items() if len(indices) > 0}


def vec(x):
    msk = np.tril(np.eye(len(x)) < 0.5)
    return x[msk]


prefixes = list(counts.keys())
prefix2wnid2sims = {p: {} for p in prefixes}
for prefix in prefixes:
    X = np.array(sets[prefix]['X'])
    labels = np.array(sets[prefix]['labels'])
    for wnid in wnid2laionindices:
        rows = X[labels == wnid]
        if len(rows) == 0:  # no similarity file for this class
            continue
        prefix2wnid2sims[prefix][wnid] = vec(rows @ rows.T)

common_wnids = set(prefix2wnid2sims[prefixes[0]].keys())
for prefix in prefixes[1:]:
    common_wnids.intersection_update(prefix2wnid2sims[prefix].keys())

valid = []
for wnid in sorted(common_wnids):
    is_valid = True
    for prefix in prefixes:
        if len(prefix2wnid2sims[prefix][wnid]) < 7:
            is_valid = False
    if is_valid:
        valid.append(wnid)


def test(p1, p2):
    avg = {p: np.array([np.mean(prefix2wnid2sims[p][w]) for w in valid]) for p in (p1, p2)}
    err = {p: np.array([1.96 * np.std(prefix2wnid2sims[p][w]) / np.sqrt(len(prefix2wnid2sims[p][w]) - 1) for w in valid]) for p in (p1, p2)}
    diff_avg_sims = avg[p1] - avg[p2]
    diff_err_sims = np.sqrt(err[p1] ** 2 + err[p2] ** 2)
    ucb_sims = np.sort(diff_avg_sims + diff_err_sims)
    lcb_sims = np.sort(diff_avg_sims - diff_err_sims)
    return {'lower': int(np.sum(ucb_sims < 0)), 'higher': int(np.sum(lcb_sims > 0)),
            'lowerShare': float(np.mean(ucb_sims < 0)), 'higherShare': float(np.mean(lcb_sims > 0)),
            'delta': [float(x) for x in diff_avg_sims]}


versions = ['MatchedFrequency', 'Threshold0.7', 'TopImages']
golden = {
    'classes': valid,
    'laionet': {v: test('LAIONet', v) for v in versions},
    'imagenet': {v: test('ImageNet validation', v) for v in versions},
}
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, 'input.json'), 'w') as f:
    json.dump({'d': d, 'laionetClasses': {w: len(i) for w, i in {**{w: [] for w in wnids if w != wnids[10]}, **wnid2laionindices}.items()}, 'sets': sets}, f)
with open(os.path.join(here, 'golden.json'), 'w') as f:
    json.dump(golden, f, indent=1)
print(len(valid), 'classes;', {v: (g['lower'], g['higher']) for v, g in golden['laionet'].items()}, {v: (g['lower'], g['higher']) for v, g in golden['imagenet'].items()})
