import { experimentSources } from '../config/resolve-sources.js'
import { LaionetError } from '../util/errors.js'
import { loadImageNetCaptions } from '../datasets/imagenet-captions.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { synsetTexts } from '../laionet/synset-texts.js'
import { embedTexts } from '../models/embed-texts.js'
import { fig8TextSynset } from '../plots/figures/fig8-text-synset.js'
import { fig9ImageNetTextSelection } from '../plots/figures/fig9-imagenet-text-selection.js'
import { simulatedTextSelectionInput, simulatedTextSynsetInput } from '../plots/inputs/simulated.js'
import type { PlotlyFigure } from '../plots/types.js'
import { selectByImageNetTexts } from '../simulate/imagenet-text-selection.js'
import { nearestInBlocks, type CaptionBlock } from './laion-captions.js'
import { part, pct, recorder, simulatedStudy } from './common.js'
import { fig9Real } from './fig9-real.js'
import { loadConfiguredClip } from './text-filter-model.js'
import type { ExperimentContext, ExperimentRecord, ExperimentResult, ExperimentTable } from './types.js'

const rec = recorder('imagenet-captions')

/** Fig. 8's cut-off: the share of captions with fewer than 5% of the other classes closer (paper: 95.7%). */
const CUTOFF = 0.05

/**
 * Per caption, its similarity to its own synset text and the share of the other classes whose synset text is
 * closer (Fig. 8), from unit-norm caption and synset-text embeddings.
 * @param C captions, row-major n x d; `own[r]` is the row of S holding caption r's class
 * @param S synset texts, row-major k x d
 */
export function captionSynsetShares(C: Float32Array, own: ArrayLike<number>, S: Float32Array, d: number) {
  const n = own.length
  const k = S.length / d
  const similarities = new Float64Array(n)
  const closerShares = new Float64Array(n)
  const row = new Float64Array(k)
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0
      for (let j = 0; j < d; j++) s += C[r * d + j] * S[c * d + j]
      row[c] = s
    }
    const mine = row[own[r]]
    let closer = 0
    for (let c = 0; c < k; c++) if (c !== own[r] && row[c] > mine) closer++
    similarities[r] = mine
    closerShares[r] = k > 1 ? closer / (k - 1) : 0
  }
  return { similarities, closerShares }
}

/**
 * Exact nearest pool caption of each query by inner product, streaming over the pool in blocks (each block embedded,
 * searched and dropped), so the pool's embeddings are never all in memory; ties go to the lowest pool row.
 * @param Q the queries, row-major m x d (unit rows)
 * @param pool the pool's texts
 * @param embed embeds a block of texts into unit rows of width d (the embedding cache makes a rerun cheap)
 * @param options `blockSize` (default 32768 texts), `onBlock` (pool rows searched so far)
 * @returns per query the nearest pool row and its inner product
 * @example await nearestCaptions(C.data, C.dim, captions, (t) => embedTexts(clip, t))
 */
export async function nearestCaptions(Q: Float32Array, d: number, pool: readonly string[], embed: (texts: string[]) => Promise<{ data: Float32Array, dim: number }>, { blockSize = 32768, onBlock }: { blockSize?: number, onBlock?: (done: number) => void } = {}) {
  async function* blocks(): AsyncGenerator<CaptionBlock> {
    for (let start = 0; start < pool.length; start += blockSize) {
      const texts = pool.slice(start, start + blockSize)
      yield { rows: texts.map((_, i) => start + i), texts, urls: texts.map(() => null) }
    }
  }
  const { index, similarity } = await nearestInBlocks(Q, d, blocks(), embed, { onBlock })
  return { index: Int32Array.from(index), similarity }
}

/**
 * Fig. 8 and Fig. 9 (ImageNet-Captions). Real branch: the public `imagenet_captions.json` (`sources.imagenetCaptions`;
 * caption = title + tags + description, as the authors join them) embedded with the configured CLIP (tier `real`,
 * `fixture` through the tiny CLIP): each caption's similarity to its synset text and the share of other classes
 * closer (Fig. 8); then Fig. 9 the authors' way ({@link fig9Real}): each caption's exact nearest caption over every
 * configured LAION caption, the selection to download (<outDir>/imagenet-captions/nearest-laion.parquet), and with
 * `sources.nearestLaionImages` and ImageNet-Captions' training images the per-class test at 0.7 and the 0.5-0.75
 * sweep. Else both in the simulated world.
 * @example const { records } = await imagenetCaptions({ config: await loadConfig() })
 */
export async function imagenetCaptions({ config, onProgress }: ExperimentContext): Promise<ExperimentResult> {
  const sources = experimentSources(config, 'imagenet-captions')
  const choice = part(sources, 'imagenet-captions')
  const records: ExperimentRecord[] = []
  const figures: { id: string, figure: PlotlyFigure }[] = []
  const tables: ExperimentTable[] = []
  if (choice.branch === 'simulated') {
    const study = await simulatedStudy(1)
    const f8 = simulatedTextSynsetInput(study)
    const below = Array.from(f8.closerShares).filter((s) => s < CUTOFF).length / Math.max(1, f8.closerShares.length)
    const sel = selectByImageNetTexts(study.world, study.imageAware)
    const note = 'simulated world, seed 1'
    records.push(
      rec('fig8.fewOthersCloserShare', 'Fig. 8', 'captions with fewer than 5% of other classes closer', pct(below), { tier: 'simulated', source: [], note }),
      rec('fig9.classCoverage', 'Fig. 9', 'classes with a caption kept (nearest web caption > 0.7)', pct(sel.classCoverage), { tier: 'simulated', source: [], note }),
      rec('fig9.lowerShare', 'Fig. 9', "classes where LAION selected by ImageNet texts is significantly less similar (paper's test)", pct(sel.comparison.paper.lowerShare), { tier: 'simulated', source: [], note }),
      rec('fig9.lowerShareText', 'Fig. 9', 'classes where LAION selected by ImageNet texts has a lower mean (plain comparison, no test)', pct(sel.comparison.plain.lowerShare), { tier: 'simulated', source: [], note }),
      rec('fig8.captions', 'Fig. 8', 'ImageNet training images with a caption', null, { tier: 'quoted', source: [], note: 'needs sources.imagenetCaptions' }),
    )
    figures.push({ id: 'fig8-text-synset-simulated', figure: fig8TextSynset(f8) }, { id: 'fig9-imagenet-text-selection-simulated', figure: fig9ImageNetTextSelection(simulatedTextSelectionInput(sel)) })
    return { experiment: 'imagenet-captions', sources, records, figures, tables: [] }
  }

  const file = config.sources.imagenetCaptions!
  const classes = await loadImageNetClasses()
  const wnids = classes.map((c) => c.wnid)
  const captions = await loadImageNetCaptions(file, { wnids })
  if (captions.length === 0) throw new LaionetError('imagenet-captions', `${file} holds no caption of the 1000 ILSVRC classes; sources.imagenetCaptions must be the public imagenet_captions.json`, { code: 'invalid-input' })
  const texts = synsetTexts(classes)
  const index = new Map(wnids.map((w, i) => [w, i]))
  const model = await loadConfiguredClip(config)
  const tier = choice.tier
  const src = [file, model.spec]
  try {
    onProgress?.(`imagenet-captions: embedding ${captions.length} captions and ${wnids.length} synset texts with ${model.spec}`)
    const C = await embedTexts(model.clip, captions.map((c) => c.text))
    const S = await embedTexts(model.clip, wnids.map((w) => texts[w]))
    const { similarities, closerShares } = captionSynsetShares(C.data, captions.map((c) => index.get(c.wnid)!), S.data, C.dim)
    const below = Array.from(closerShares).filter((s) => s < CUTOFF).length / closerShares.length
    const mean = similarities.reduce((a, b) => a + b, 0) / similarities.length
    records.push(
      rec('fig8.captions', 'Fig. 8', 'ImageNet training images with a caption', captions.length, { tier, source: src }),
      rec('fig8.fewOthersCloserShare', 'Fig. 8', 'captions with fewer than 5% of other classes closer', pct(below), { tier, source: src, note: `${captions.length} captions of ${new Set(captions.map((c) => c.wnid)).size} classes` }),
      rec('fig8.meanSimilarity', 'Fig. 8', 'mean caption-to-synset similarity', mean, { tier, source: src }),
    )
    figures.push({ id: 'fig8-text-synset', figure: fig8TextSynset({ tier, note: `${captions.length} ImageNet-Captions captions; ${choice.reason}`, similarities, closerShares, cutoff: CUTOFF }) })

    const fig9 = await fig9Real(config, sources, captions, C, model.clip, onProgress)
    records.push(...fig9.records)
    figures.push(...fig9.figures)
    tables.push(...fig9.tables)
  } finally {
    await model.clip.dispose()
  }
  return { experiment: 'imagenet-captions', sources, records, figures, tables }
}
