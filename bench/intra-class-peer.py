"""The peer of `laionet intra-class` in bench/metrics.ts: what a researcher would write with numpy (float64, OpenBLAS),
doing the same work end to end: load the .npy and the labels, check every row (finite, not zero; rows off unit length
normalised), per class the exact mean and variance of the pair cosines and the jackknife standard error, and with a
second file the paper's and the corrected per-class test.

Per class it takes the cheaper of the two Grams, as a careful numpy user would: X^T X (d x d) when the class has at
least d rows, else X X^T (n x n).

Usage: python3 bench/intra-class-peer.py <a.npy> <a.json> [<b.npy> <b.json>]
Prints one JSON line: {"classes", "compared", "paperLower", "correctedLower", "first": {"mean", "var", "se"}, "seconds"}
(seconds from the start of this script, numpy import included).
"""
import json
import sys
import time

T0 = time.perf_counter()

import numpy as np  # noqa: E402


def load(npy, labels_file):
    X = np.load(npy)
    with open(labels_file) as f:
        labels = json.load(f)
    if X.ndim != 2 or len(labels) != X.shape[0]:
        raise SystemExit(f'{npy}: shape {X.shape} and {len(labels)} labels')
    Y = X.astype(np.float64)
    q = np.einsum('ij,ij->i', Y, Y)
    if not np.isfinite(q).all() or (q == 0).any():
        raise SystemExit(f'{npy}: a NaN, infinite or zero row')
    off = np.abs(np.sqrt(q) - 1) > 0.01
    if off.any():
        Y[off] /= np.sqrt(q[off])[:, None]
    groups = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    return Y, groups


def stats(Y):
    n, d = Y.shape
    q = np.einsum('ij,ij->i', Y, Y)
    if n >= d:
        S = Y.sum(0)
        G = Y.T @ Y
        frob = (G * G).sum()
        t = Y @ S
    else:
        K = Y @ Y.T
        frob = (K * K).sum()
        t = K.sum(1)
    pairs = n * (n - 1) / 2
    mean = (t.sum() - q.sum()) / 2 / pairs
    var = max(0.0, (frob - (q * q).sum()) / 2 / pairs - mean * mean)
    s = (t - q) / (n - 1)
    loo = (n * mean - 2 * s) / (n - 2)
    se = float(np.sqrt((n - 1) / n * ((loo - loo.mean()) ** 2).sum())) if n >= 3 else float('nan')
    return {'n': n, 'pairs': pairs, 'mean': float(mean), 'var': float(var), 'se': se}


def per_class(Y, groups):
    return {k: stats(Y[rows]) for k, rows in sorted(groups.items()) if len(rows) >= 2}


a = per_class(*load(sys.argv[1], sys.argv[2]))
out = {'classes': len(a), 'first': a[next(iter(a))]}
if len(sys.argv) > 4:
    b = per_class(*load(sys.argv[3], sys.argv[4]))
    compared = paper_lower = corrected_lower = 0
    for k in sorted(set(a) & set(b)):
        sa, sb = a[k], b[k]
        if sa['pairs'] < 7 or sb['pairs'] < 7:
            continue
        compared += 1
        delta = sa['mean'] - sb['mean']
        paper = 1.96 * np.hypot(np.sqrt(sa['var'] / (sa['pairs'] - 1)), np.sqrt(sb['var'] / (sb['pairs'] - 1)))
        corrected = 1.96 * np.hypot(sa['se'], sb['se'])
        paper_lower += delta + paper < 0
        corrected_lower += delta + corrected < 0
    out.update(compared=compared, paperLower=int(paper_lower), correctedLower=int(corrected_lower))
out['seconds'] = time.perf_counter() - T0
print(json.dumps(out))
