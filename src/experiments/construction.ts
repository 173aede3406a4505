import { join } from 'node:path'
import { paperValue } from '../paper/registry.js'
import { experimentSources } from '../config/resolve-sources.js'
import { dataPath } from '../data/data-path.js'
import { loadReleasedLaionet } from '../datasets/released-laionet.js'
import { labelFileResults } from './laionet-labels.js'
import { mpnetBuildRecords } from './mpnet-build.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { classFrequencies, defaultThresholds, selectByThreshold, selectTopK, thresholdSweep } from '../laionet/selection.js'
import { PAPER_THRESHOLD } from '../laionet/text-filter.js'
import { PAPER_CONSTRUCTION } from '../paper/construction.js'
import { roundTo } from '../util/format.js'

import { fig3Threshold } from '../plots/figures/fig3-threshold.js'
import { fig4ClassFrequency } from '../plots/figures/fig4-class-frequency.js'
import { buildFolder } from '../config/resolve-sources.js'
import { part, pct, recorder } from './common.js'
import { releasedLabelCounts } from './released-label-records.js'
import { laionParts } from '../datasets/laion-parts.js'
import type { LaionPartFile } from '../datasets/types.js'
import { capLaionRows } from './laion-files.js'
import { buildInto, loadConfiguredClip } from './text-filter-model.js'
import type { ExperimentContext, ExperimentRecord, ExperimentResult } from './types.js'
import { buildOcrFlags, OCR_FLAGS_FILE } from './ocr-drop.js'
import type { Tier } from '../tier.js'

const rec = recorder('construction')

/** LAION-400M's metadata parts: a build over fewer measures the paper's counts on less data. */
const LAION_PARTS = 32

/**
 * Sec. 2, Fig. 3, Fig. 4, Appendices A and B: builds LAIONet with the resumable build from what the configuration
 * names: the `sources.laionParquet` parts (capped by `limits.maxLaionRows`) into the `sources.laionetBuild` folder,
 * or else the real 10,000-caption sample into `<outDir>/laionet-sample-<tier>`; CLIP is `models.clip` (the tiny
 * random one, tier `fixture`, when no real weights are there). Fig. 3 comes from the build's candidates, Fig. 4 from
 * its labels; with `sources.laionetReleased` the released LAIONet's size, class frequencies and OCR share are added
 * at tier `released`.
 * @example const { records, figures } = await construction({ config: await loadConfig() })
 */
export async function construction({ config, onProgress }: ExperimentContext): Promise<ExperimentResult> {
  const sources = experimentSources(config, 'construction')
  const filter = part(sources, 'laionet-filter')
  const matching = part(sources, 'laionet-matching')
  const onSample = filter.branch === 'sample'
  let files: string[]
  let out: string
  let parts: LaionPartFile[] = []
  if (onSample) {
    files = [await dataPath('laion/laion400m-sample-10000.parquet')]
    out = join(config.outDir, `laionet-sample-${filter.tier}`)
  } else {
    parts = await laionParts(config.sources.laionParquet)
    const capped = await capLaionRows(parts.map((p) => p.file), config.limits.maxLaionRows, config.cacheDir)
    files = capped.files
    out = buildFolder(config)
    onProgress?.(`construction: building LAIONet from ${files.length} LAION part(s) (${capped.rows} rows) into ${out}`)
  }
  const model = await loadConfiguredClip(config)
  let built
  try {
    built = await buildInto(files, out, model, {
      threshold: PAPER_THRESHOLD,
      onChunk: (p) => onProgress?.(`construction: ${p.done}/${p.total} row groups (${p.file})`),
    })
  } finally {
    await model.clip.dispose()
  }
  const { summary, candidates } = built
  const tier = filter.tier
  // The files actually read (the configured patterns resolved, a trial copy when limits.maxLaionRows cut a part),
  // the CLIP that scored them and the build folder.
  const matchSource = [...files]
  const buildSource = [...files, model.spec, out]
  const what = onSample ? '10,000-caption LAION sample' : `${summary.rows.toLocaleString('en-US')} LAION rows`
  const note = tier === 'fixture' ? 'tiny random CLIP: meaningless, plumbing only' : `${what}, CLIP ViT-B/32`

  const classes = await loadImageNetClasses()
  const name = new Map(classes.map((c) => [c.wnid, c.lemmas[0]]))
  const sweep = thresholdSweep(candidates, defaultThresholds())
  const at = (t: number) => sweep.find((p) => Math.abs(p.threshold - t) < 1e-9)!
  const selected = selectByThreshold(candidates, summary.threshold)
  const freq = classFrequencies(selected)
  const k = paperValue('appB.topK')
  // Appendix B, the authors' way: the k most similar of LAIONet itself (> 0.82, NSFW UNLIKELY; the OCR drop needs
  // the images, so none here). Ours: the k most similar of every scored candidate, no threshold.
  const topAuthors = selectTopK(candidates, k, { method: 'authors', threshold: summary.threshold })
  const topOurs = selectTopK(candidates, k, { method: 'candidates' })
  const perClassAt = (t: number) => classFrequencies(selectByThreshold(candidates, t)).map((f) => f.count)
  // A count over a sample or trimmed parts measures the same thing on less data: it keeps the claim's id with the
  // suffix `.subset`, so it is never judged against the paper's count over all of LAION-400M.
  const fullScale = !onSample && config.limits.maxLaionRows === null && new Set(parts.map((p) => p.part)).size >= LAION_PARTS
  const scaled = (id: string) => (fullScale ? id : `${id}.subset`)
  const sampleNote = onSample ? '10,000-caption LAION sample (the paper: all of LAION-400M)' : `${summary.rows} configured LAION rows (the paper: all of LAION-400M)`
  const scale = onSample ? 'the 10,000-caption sample' : `${summary.rows.toLocaleString('en-US')} LAION rows`
  const noOcr = 'counted before the OCR drop, as the paper counts it'
  const share = (n: number, of: number) => (of ? pct(n / of) : null)
  const records: ExperimentRecord[] = [
    rec(scaled('construction.laionCaptions'), 'Section 2', 'LAION captions searched', summary.rows, { tier: matching.tier, source: matchSource, note: sampleNote }),
    rec(scaled('construction.matchedCaptions'), 'Section 2', 'captions matching a lemma', summary.matched, { tier: matching.tier, source: matchSource, note: sampleNote }),
    rec('construction.matchedShare', 'Section 2', 'share of captions matching a lemma', share(summary.matched, summary.rows), { unit: '%', tier: matching.tier, paper: pct(paperValue('construction.matchedCaptions') / paperValue('construction.laionCaptions')), source: matchSource, note: sampleNote }),
    rec('construction.threshold', 'Section 2', 'text filter threshold the build applied (similarity must exceed it)', summary.threshold, { tier: 'real', source: [out], note: 'read from the build\'s own summary' }),
    rec(scaled('construction.samples'), 'Section 2', 'LAIONet samples (> 0.82, single class, NSFW UNLIKELY), before the OCR drop', summary.samples, { tier, source: buildSource, note: `${note}; ${noOcr}` }),
    rec(scaled('construction.samplesShareOfLaion'), 'Section 2', 'LAIONet samples as a share of the captions searched', share(summary.samples, summary.rows), { tier, source: buildSource, note }),
    rec(scaled('construction.classes'), 'Section 2', 'LAIONet classes (at least one sample), before the OCR drop', new Set(selected.map((c) => c.wnid)).size, { tier, source: buildSource, note: `${note}; ${noOcr}` }),
    rec(scaled('fig3.classesAt050'), 'Fig. 3', 'classes covered at threshold 0.5', at(0.5).classes, { tier, source: buildSource, note }),
    rec(scaled('fig3.classesAt082'), 'Fig. 3', 'classes covered at threshold 0.82', at(0.82).classes, { tier, source: buildSource, note }),
    rec(scaled('fig3.classesAt090'), 'Fig. 3', 'classes covered at threshold 0.9', at(0.9).classes, { tier, source: buildSource, note }),
    rec(scaled('fig3.samplesAt082'), 'Fig. 3', 'samples above threshold 0.82 (single class, NSFW UNLIKELY, before the OCR drop)', at(0.82).samples, { tier, source: buildSource, note }),
    rec('fig3.samplesAt050.ours', 'Fig. 3', 'samples above threshold 0.5 (single class, NSFW UNLIKELY, before the OCR drop)', at(0.5).samples, { unit: 'samples', tier, source: buildSource, note: `${note}; the paper states no number here (the figure's dashed guide lines are decoration)` }),
    rec(scaled('fig4.topClassShare'), 'Fig. 4', 'share of the most frequent class', freq.length ? pct(freq[0].share) : null, { tier, source: buildSource, note: freq.length ? `ours: ${name.get(freq[0].wnid)}; paper: web site` : note }),
    rec(scaled('appB.samples'), 'Appendix B', `samples of the top ${k} per class of LAIONet (authors' method)`, topAuthors.length, { tier, source: buildSource, note: `${note}; the ${k} most similar per class of LAIONet itself (> ${summary.threshold}, NSFW UNLIKELY), as the authors' skim_subset_laion.py; on ${scale} bounded by LAIONet's size` }),
    rec(scaled('appB.samples.ours'), 'Appendix B', `samples of the top ${k} per class of all scored candidates (our method)`, topOurs.length, { tier, paper: null, source: buildSource, note: `${note}; ours: the ${k} most similar per class of every single-class NSFW-UNLIKELY candidate, no threshold (fills classes the threshold leaves short); not the paper's quantity` }),
    // Appendix A from a configured MPNet build (sources.laionetMpnetBuild), else quoted.
    ...(await mpnetBuildRecords(part(sources, 'laionet-mpnet'))),
    ...(await releasedLabelCounts(classes.map((c) => c.wnid))).records,
  ]
  const figures = [
    { id: 'fig3-threshold', figure: fig3Threshold({ tier, note: `${what} (${summary.candidates} scored captions)`, rows: sweep, perClass: [0.5, 0.7, 0.82].map((t) => ({ threshold: t, counts: perClassAt(t) })) }) },
    { id: 'fig4-class-frequency', figure: fig4ClassFrequency({ tier, note: `${what}, threshold ${summary.threshold}`, rows: freq.map((f) => ({ wnid: f.wnid, name: name.get(f.wnid) ?? f.wnid, count: f.count })) }) },
  ]
  const tables = [
    { id: 'fig3-sweep', title: 'Fig. 3: classes and samples at the paper\'s thresholds', rows: PAPER_CONSTRUCTION.sweep.map((p) => ({ threshold: p.threshold, classes: at(p.threshold).classes, 'classes (paper)': p.classes, samples: at(p.threshold).samples, 'samples (paper)': p.samples })) },
    { id: 'fig4-top-classes', title: 'Fig. 4: the most frequent classes', rows: freq.slice(0, 10).map((f) => ({ class: name.get(f.wnid) ?? f.wnid, wnid: f.wnid, samples: f.count, share: roundTo(100 * f.share, 1) })) },
    { id: 'build-summary', title: 'The build', rows: [{ rows: summary.rows, matched: summary.matched, multiClass: summary.multiClass, candidates: summary.candidates, nsfwDropped: summary.nsfwDropped, samples: summary.samples, classes: summary.classes, model: summary.model, out }] },
    { id: 'kept-captions', title: 'Captions kept by the text filter', rows: selected.slice(0, 8).map((c) => ({ similarity: roundTo(c.similarity, 3), class: name.get(c.wnid) ?? c.wnid, caption: c.caption })) },
  ]

  // The build's own OCR verdicts (real) win over the released LAIONet's OCR column for the two OCR numbers.
  const ocr = await ocrRecords(config, out, selected, tier)
  const ownOcr = ocr.some((r) => r.tier !== 'quoted')
  const released = part(sources, 'laionet-released')
  if (ownOcr || released.branch !== 'released') records.push(...ocr)
  if (released.branch === 'released') {
    onProgress?.(`construction: reading the released LAIONet ${config.sources.laionetReleased}`)
    const r = await loadReleasedLaionet(config.sources.laionetReleased!, { text: false, models: [] })
    // Fig. 4 and LAIONet's size count the labels before the OCR drop (the label pickles are saved before it).
    const rfreq = classFrequencies([...r.wnid, ...r.droppedWnid].map((wnid) => ({ wnid })))
    const keptClasses = new Set(r.wnid).size
    const src = released.source
    records.push(...[
      rec('construction.samples', 'Section 2', 'LAIONet samples (released), before the OCR drop', r.rows, { tier: 'released', source: src, note: `all rows of the released LAIONet; ${r.wnid.length} remain after the OCR drop` }),
      rec('construction.samplesAfterOcr', 'Section 2', 'LAIONet samples (released) after the OCR drop', r.wnid.length, { unit: 'samples', tier: 'released', paper: null, source: src }),
      rec('construction.classes', 'Section 2', 'LAIONet classes (released), before the OCR drop', rfreq.length, { tier: 'released', source: src }),
      rec('construction.classesAfterOcr', 'Section 2', 'LAIONet classes (released) after the OCR drop', keptClasses, { unit: 'classes', tier: 'released', paper: null, source: src }),
      rec('fig4.topClassShare', 'Fig. 4', 'share of the most frequent class (released LAIONet)', rfreq.length ? pct(rfreq[0].share) : null, { tier: 'released', source: src, note: rfreq.length ? `released: ${name.get(rfreq[0].wnid) ?? rfreq[0].wnid}; paper: web site` : undefined }),
      rec('construction.ocrDroppedShare', 'Section 2', 'share of samples dropped by the OCR filter (class name visible in the image)', r.rows ? pct(r.dropped / r.rows) : null, { tier: 'released', source: src, note: 'rows of the released LAIONet whose wnid_is_in_recognized_text is true' }),
    ].filter((x) => !(ownOcr && (x.id === 'construction.ocrDroppedShare' || x.id === 'construction.samplesAfterOcr'))))
    figures.push({ id: 'fig4-class-frequency-released', figure: fig4ClassFrequency({ tier: 'released', note: `the authors' released LAIONet (${r.wnid.length} samples)`, rows: rfreq.map((f) => ({ wnid: f.wnid, name: name.get(f.wnid) ?? f.wnid, count: f.count })) }, { title: 'Fig. 4: class frequencies in the released LAIONet' }) })
  }
  // The authors' full label file (sources.laionetLabels; issue #22 item 5): Fig. 4's class frequencies at tier released.
  const fromLabels = await labelFileResults(part(sources, 'laionet-labels'), name)
  records.push(...fromLabels.records)
  figures.push(...fromLabels.figures)
  return { experiment: 'construction', sources, records, figures, tables }
}

/**
 * The OCR drop of the build itself, from its `laionet ocr-filter` verdicts (`<build>/ocr-flags.jsonl`): the share of
 * the images read that show their class name (the paper's 1.1%) and the samples left after the drop. The after-OCR
 * count is never judged against the paper's 822,149, which counts LAIONet before the drop (paper null).
 */
async function ocrRecords(config: ExperimentContext['config'], build: string, selected: readonly { row: number }[], tier: Tier): Promise<ExperimentRecord[]> {
  const claim = 'share of samples dropped by the OCR filter (class name visible in the image)'
  // The sample build (no sources.laionParquet) is not the configured build, whose verdicts would not belong to it.
  const flags = build === buildFolder(config) ? await buildOcrFlags(config) : null
  if (!flags) return [rec('construction.ocrDroppedShare', 'Section 2', claim, null, { tier: 'quoted', source: [], note: `needs the build's OCR verdicts (laionet download, then laionet ocr-filter --build ${build}, which writes ${join(build, OCR_FLAGS_FILE)}) or sources.laionetReleased` })]
  const rows = new Set(selected.map((c) => c.row))
  const flagged = [...flags.flagged].filter((r) => rows.has(r)).length
  const read = flags.verdicts - flags.errors
  const source = [build, flags.file]
  const coverage = `${flags.verdicts} of the build's ${selected.length} samples have a verdict (the others were not downloaded or not yet OCR'd and are kept), ${flags.errors} unreadable (kept)`
  return [
    rec('construction.ocrDroppedShare', 'Section 2', claim, read > 0 ? pct(flagged / read) : null, { tier: read > 0 ? tier : 'quoted', source, note: `${flagged} of the ${read} images OCR read show their class name; ${coverage}` }),
    rec('construction.samplesAfterOcr', 'Section 2', 'LAIONet samples of the build after the OCR drop', selected.length - flagged, { unit: 'samples', tier, paper: null, source, note: `the build's samples minus the ${flagged} OCR-flagged; not comparable with the paper's count, which is before the OCR drop; ${coverage}` }),
  ]
}
