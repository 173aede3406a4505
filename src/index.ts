/**
 * laionet: the typed helpers behind the notebooks that reproduce Shirali & Hardt,
 * "What Makes ImageNet Look Unlike LAION". Every public name is listed here, grouped by ingredient.
 * Heavy dependencies (transformers.js, onnxruntime, Chromium) load lazily inside the functions that need them.
 */

// tiers: where every result comes from
export { TIERS } from './tier.js'
export type { Tier } from './tier.js'

// report: reproduced numbers, where they are written, HTML escaping
export { escapeHtml } from './report/escape-html.js'
export { outDir, projectRoot } from './report/out-dir.js'
export { recordResults, readResults, resultsFile } from './report/record-results.js'
export { reportMarkdown, formatValue } from './report/report-markdown.js'
export type { ResultRecord, NotebookStatus } from './report/types.js'

// io: parquet, npy, jsonl, tar

// data: manifest, fetch, cache, mirror
export { cacheDir } from './data/cache-dir.js'

// wordnet

// imagenet

// laionet: lemmas, matching, filter, build

// models: clip, classifiers, images

// metrics: accuracy, intra-class similarity, comparisons, seeded sampling

// simulate: the causal world

// plots: figures, rendering, report

// download and datasets on disk, configuration
