"""Golden for Fig. 7's accuracy axis (test/metrics/imagenetv2-compare.test.ts).

Transcribes notebooks/plot_accuracy_of_laionet_vs_imagenetv2.ipynb cell 28 (project ImageNetV2's wnid2imagenames on
the keys of wnid2laionindices, empty lists included) and utils/calc_utils.py's calc_recall_per_y (Wilson interval of
statsmodels' proportion_confint, alpha 0.05, se = half-width / 1.96) and calc_equi_acc / combine_recalls, on a small
random input. statsmodels is not installed here: its 'wilson' branch is written out (z = norm.ppf(0.975)).
Run: python3 make_accuracy_golden.py (writes accuracy.json beside it).
"""
import json
import os

import numpy as np
from scipy.stats import norm

rng = np.random.default_rng(7)
wnids = [f'n{20000000 + i:08d}' for i in range(9)]
rows = []  # (image name, wnid, top-1 correct)
for c, w in enumerate(wnids):
    for k in range(10 if c != 4 else 3):
        rows.append((f'{c}/{k}.jpeg', w, bool(rng.random() < 0.3 + 0.07 * c)))
wnid2laionindices = {w: ([1, 2] if i % 3 else []) for i, w in enumerate(wnids) if i != 7}


def proportion_confint_wilson(count, nobs, alpha=0.05):
    q_ = count / nobs
    crit = norm.isf(alpha / 2.)
    crit2 = crit ** 2
    denom = 1 + crit2 / nobs
    center = (q_ + crit2 / (2 * nobs)) / denom
    dist = crit * np.sqrt(q_ * (1. - q_) / nobs + crit2 / (4. * nobs ** 2))
    dist /= denom
    return center - dist, center + dist


iv2_wnid2imagenames = {}
for name, w, _ in rows:
    iv2_wnid2imagenames.setdefault(w, []).append(name)
projected = {wnid: names for wnid, names in iv2_wnid2imagenames.items() if wnid in wnid2laionindices}
correct = {name: ok for name, _, ok in rows}
recalls, ses = [], []
for y, indices in projected.items():
    vals = np.array([correct[i] for i in indices])
    n = len(vals)
    count = np.sum(vals)
    recalls.append(count / n)
    lo, hi = proportion_confint_wilson(count, n)
    ses.append((hi - lo) / 2 / 1.96)
recalls, ses = np.array(recalls), np.array(ses)
w = np.ones(recalls.shape)
acc = np.sum(recalls * w) / np.sum(w)
acc_se = np.sqrt(np.sum((ses * w) ** 2)) / np.sum(w)
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, 'accuracy.json'), 'w') as f:
    json.dump({'rows': rows, 'laionetClasses': list(wnid2laionindices), 'acc': float(acc), 'acc_se': float(acc_se), 'classes': len(projected)}, f, indent=1)
print(acc, acc_se, len(projected))
