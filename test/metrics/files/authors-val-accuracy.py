"""The authors' Fig. 1 ImageNet-side accuracies, transcribed from utils/calc_utils.py (calc_recall_per_y: statsmodels'
proportion_confint(count, n, alpha=0.05, method='wilson') written out, se = (ci_u - ci_l) / 2 / 1.96; combine_recalls;
calc_equi_acc) and notebooks/plot_accuracy_of_laionet_vs_imagenet.ipynb (wnid2imagenames projected on the keys of
the released top-50 label pickle), run on the released ILSVRC2012_val.parquet for three models; also the mean over
all 1000 classes (ours, `.ours`). Writes authors-val-accuracy-golden.json beside it.

    python3 test/metrics/files/authors-val-accuracy.py ../shared/data   (numpy, scipy, pyarrow)
"""
import json, os, pickle, sys
import numpy as np
import pyarrow.parquet as pq
from scipy.io import loadmat
from scipy.stats import norm

data = sys.argv[1] if len(sys.argv) > 1 else '../shared/data'
alpha, z = 0.05, 1.96
MODELS = ['resnet-50', 'clip-vit-base-patch32', 'beit-large-patch16-224']


def wilson(count, n):
    q = norm.isf(alpha / 2)  # statsmodels: stats.norm.isf(alpha / 2.)
    p = count / n
    denom = 1 + q ** 2 / n
    center = (p + q ** 2 / (2 * n)) / denom
    dist = q * np.sqrt(p * (1 - p) / n + q ** 2 / (4 * n ** 2)) / denom
    return center - dist, center + dist


meta = loadmat(os.path.join(data, 'imagenet/meta.mat'), squeeze_me=True)['synsets']
id2wnid = {int(s['ILSVRC2012_ID']): str(s['WNID']) for s in meta}
with open(os.path.join(data, 'imagenet/ILSVRC2012_validation_ground_truth.txt')) as f:
    truth = [id2wnid[int(line)] for line in f if line.strip()]
table = pq.read_table(os.path.join(data, 'paper/ILSVRC2012_val.parquet'))
index = table.column('__index_level_0__').to_pylist()
wnid2rows = {}
for r, name in enumerate(index):
    w = truth[int(name.split('_')[-1].split('.')[0]) - 1]
    wnid2rows.setdefault(w, []).append(r)
with open(os.path.join(data, 'paper/laionet_clip_top50_labels.pkl'), 'rb') as f:
    keys = set(pickle.load(f))
projected = {w: rows for w, rows in wnid2rows.items() if w in keys}


def equi(values, y2rows):
    recalls, ses = [], []
    for y, rows in y2rows.items():
        vals = [values[r] for r in rows if values[r] is not None]
        if not vals:
            continue
        count, n = sum(vals), len(vals)
        lo, hi = wilson(count, n)
        recalls.append(count / n)
        ses.append((hi - lo) / 2 / z)
    recalls, ses = np.array(recalls), np.array(ses)
    w = np.ones(recalls.shape)
    return float(np.sum(recalls * w) / np.sum(w)), float(np.sqrt(np.sum((ses * w) ** 2)) / np.sum(w)), len(recalls)


out = {}
for m in MODELS:
    row = {}
    for k in (1, 5):
        v = table.column(f'top_{k}_is_correct_{m}').to_pylist()
        row[f'top{k}'], row[f'top{k}_se'], row['classes'] = equi(v, projected)
        row[f'top{k}_all'], row[f'top{k}_all_se'], _ = equi(v, wnid2rows)
    out[m] = row
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'authors-val-accuracy-golden.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print(json.dumps(out, indent=1))
