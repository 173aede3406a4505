// Appendix F.2 the authors' way (notebooks/plot_relative_frequency_vs_intra_class_sim_vs_recall.ipynb, cells 44-49):
// per class, the mean intra-class image similarity of LAIONet minus that of ImageNet-Captions' training images,
// against each model's top-1 recall of the class on LAIONet.
import type { LaionetConfig } from '../config/types.js'
import { loadImageNetCaptions } from '../datasets/imagenet-captions.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { intraClassByLabelAsync } from '../metrics/intra-class-by-label.js'
import { pearson } from '../metrics/pearson.js'
import type { RecallTable } from '../metrics/types.js'
import type { ImageModel } from '../models/types.js'
import { embedLaionetImages } from './embed-sets.js'
import { imageNetCaptionsTrainSet } from './fig9-images.js'
import { labelledSet, type LabelledSet } from './intra-class-source.js'

/** One class's mean intra-class similarity on both sides. */
export interface AppF2Gap {
  wnid: string
  /** Mean similarity over every unordered pair of the class's LAIONet images (the first `limits.laionetPerClass`). */
  laionet: number
  /** The same over every ImageNet-Captions training image of the class. */
  captions: number
  /** laionet - captions (the authors' `sim - wnid2avgisim[wnid]`). */
  gap: number
}

/**
 * The authors' cell 46: `np.mean(vec(sims))` per class on each side, `vec` keeping every pair below the diagonal; a
 * class enters only when both sides have a similarity file, i.e. at least 2 images (their scripts write none for a
 * class of one image). Rows are L2-normalised embeddings, so the mean pair cosine is the mean of the matrix `vec`.
 * @param laionet LAIONet's labelled image embeddings; only its first `maxPerClass` rows per class count
 * @param captions ImageNet-Captions' training image embeddings (all of a class's)
 * @returns the classes of `laionet` with both means, in wnid order
 */
export async function appF2Gaps(laionet: LabelledSet, captions: LabelledSet, maxPerClass: number): Promise<AppF2Gap[]> {
  const a = await intraClassByLabelAsync(laionet.X, laionet.labels, laionet.d, { maxPerClass })
  const b = await intraClassByLabelAsync(captions.X, captions.labels, captions.d)
  const out: AppF2Gap[] = []
  for (const [wnid, s] of a) {
    const t = b.get(wnid)
    if (s.n < 2 || !t || t.n < 2) continue
    out.push({ wnid, laionet: s.mean, captions: t.mean, gap: s.mean - t.mean })
  }
  return out
}

/**
 * The authors' cell 49 for one model: the points (gap, LAIONet top-1 recall) of the classes with a gap and a recall,
 * and Pearson's r over them (null under two points or a constant series).
 */
export function appF2Panel(gaps: readonly AppF2Gap[], top1: Pick<RecallTable, 'classes'>, names: ReadonlyMap<string, string> = new Map()) {
  const recall = new Map(top1.classes.map((c) => [c.key, c.recall]))
  const rows = gaps.filter((g) => recall.has(g.wnid) && Number.isFinite(recall.get(g.wnid))).map((g) => ({ wnid: g.wnid, name: names.get(g.wnid), gap: g.gap, recall: recall.get(g.wnid)! }))
  return { rows, r: pearson(rows.map((x) => x.gap), rows.map((x) => x.recall)) }
}

/**
 * F.2's two labelled sets, read exactly as the experiments that already embed them read them (so the embedding
 * cache answers the second call): LAIONet as the intra-class experiment's (sources.embeddings.laionet, else the first
 * `limits.laionetPerClass` downloaded images per class, no OCR drop, as the authors' similarity files), and
 * ImageNet-Captions' training images as Fig. 9's.
 * @returns the sets, the files read, whether `clip` embedded anything, and Fig. 9's counts of the captions' side
 */
export async function appF2Sets(config: LaionetConfig, clip: ImageModel, onError?: (file: string, error: string) => void) {
  const s = config.sources
  const embedded = !s.embeddings.laionet || !s.embeddings.imagenetCaptionsTrain
  const laionet = s.embeddings.laionet
    ? await labelledSet('LAIONet', s.embeddings.laionet.file, s.embeddings.laionet.labels)
    : await embedLaionetImages(clip, config, onError)
  const wnids = (await loadImageNetClasses()).map((c) => c.wnid)
  const captions = await imageNetCaptionsTrainSet(config, await loadImageNetCaptions(s.imagenetCaptions!, { wnids }), clip)
  const source = [
    ...(s.embeddings.laionet ? [s.embeddings.laionet.file, s.embeddings.laionet.labels] : [s.laionetImages!]),
    s.imagenetCaptions!,
    ...(s.embeddings.imagenetCaptionsTrain ? [s.embeddings.imagenetCaptionsTrain.file, s.embeddings.imagenetCaptionsTrain.labels] : [s.imagenetCaptionsImages!]),
  ]
  return { laionet, captions: captions.set, missing: captions.missing, converted: captions.converted, source, embedded }
}
