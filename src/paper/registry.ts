import type { PaperQuote, PaperSource } from './types.js'

const iclr = (section: string, figure?: string): PaperSource => (figure ? { section, figure, version: 'ICLR' } : { section, version: 'ICLR' })
const tmlr = (section: string, figure?: string): PaperSource => (figure ? { section, figure, version: 'TMLR' } : { section, version: 'TMLR' })
const code = (section: string): PaperSource => ({ section, version: 'code' })

/**
 * Every number of the paper this project compares against, each quoted once with its source (section, figure,
 * version), tier `quoted`. Notebooks, figure builders and the experiments read them through {@link paperValue}
 * and {@link paperQuote}; nothing else in `src/` or `notebooks/` writes a paper number literally.
 * Keys are stable `<experiment>.<quantity>` ids.
 */
export const PAPER_VALUES = {
  // ---- Section 2: building LAIONet -------------------------------------------------------------------------
  'construction.laionCaptions': { quantity: 'LAION-400M captions searched (32 parquet parts)', value: 413_871_335, unit: 'captions', source: iclr('Section 2') },
  'construction.indexShiftPerPart': { quantity: 'global LAION index = part * this + row', value: 100_000_000, unit: 'count', source: code('utils/laion_utils.py map_index; configs.py LAIONConfig.INDEX_SHIFT_PER_PART') },
  'construction.classList': { quantity: "classes of the authors' ILSVRC class list (the second crane n03126707 dropped; husky typo n02112837)", value: 999, unit: 'classes', source: code('ilsvrc2012/ILSVRC2012_synsets.txt') },
  'construction.lemmas': { quantity: 'lemmas kept (held by exactly one class)', value: 1825, unit: 'lemmas', source: iclr('Section 2') },
  'construction.lemmaClasses': { quantity: 'classes with at least one kept lemma', value: 995, unit: 'classes', source: iclr('Section 2') },
  'construction.sharedLemmas': { quantity: 'lemma strings shared by several ILSVRC classes (dropped)', value: 17, unit: 'lemmas', source: iclr('Section 2') },
  'construction.punctuatedLemmas': { quantity: "lemmas holding '-', \"'\" or '.' (never matched by the authors' matcher)", value: 64, unit: 'lemmas', source: code('utils/laion_utils.py transform_text / transform_lemma (lemma punctuation is kept, caption punctuation becomes spaces)') },
  'construction.classesLostToPunctuation': { quantity: 'classes lost because all their lemmas hold punctuation', value: 15, unit: 'classes', source: code('utils/laion_utils.py transform_text / transform_lemma') },
  'construction.matchedClasses': { quantity: 'classes with at least one lemma match in all of LAION-400M (the classes the authors evaluate; keys of the released label pickles)', value: 978, unit: 'classes', source: iclr('Section 2'), note: '977 of them are ILSVRC classes: n02112837 is the husky typo, absent from ImageNet validation' },
  'construction.matchedCaptions': { quantity: 'captions matching at least one lemma', value: 21_000_000, unit: 'captions', source: iclr('Section 2'), approximate: true },
  'construction.threshold': { quantity: 'text filter: CLIP caption-to-synset-text similarity must exceed this (strictly)', value: 0.82, unit: 'threshold', source: iclr('Section 2', 'Fig. 3') },
  'construction.ocrDroppedShare': { quantity: 'samples dropped because the image shows the class name (OCR)', value: 1.1, unit: '%', source: iclr('Section 2') },
  'construction.samples': { quantity: 'LAIONet samples (> 0.82, single class, NSFW UNLIKELY), counted before the OCR drop', value: 822_149, unit: 'samples', source: iclr('Section 2'), note: 'the label pickles are saved before the OCR drop; the OCR flag is a column applied at evaluation time (../shared/PAPER.md, corrected)' },
  'construction.samplesShareOfLaion': { quantity: 'LAIONet samples as a share of LAION-400M', value: 0.21, unit: '%', source: iclr('Section 2') },
  'construction.classes': { quantity: 'LAIONet classes (at least one sample; > 0.82, single class, NSFW UNLIKELY, before the OCR drop)', value: 915, unit: 'classes', source: iclr('Section 2') },
  'construction.laionClipPrefilter': { quantity: "LAION-400M's own pre-filter: CLIP image-text similarity at least this", value: 0.3, unit: 'threshold', source: iclr('Section 2 (LAION-400M, as the reviews cite it)') },
  // ---- Fig. 3: the threshold sweep, after the NSFW drop and the single-class rule, before the OCR drop --------
  'fig3.classesAt050': { quantity: 'classes covered (>= 1 sample) at threshold 0.5', value: 947, unit: 'classes', source: iclr('Section 2', 'Fig. 3'), approximate: true },
  'fig3.classesAt082': { quantity: 'classes covered (>= 1 sample) at threshold 0.82 (after the NSFW drop, before the OCR drop)', value: 915, unit: 'classes', source: code('notebooks/choose_text_query_similarity_threshold.ipynb'), note: 'the curve at 0.82 is LAIONet before the OCR drop, so it equals construction.classes; the dashed guide lines of the figure (670-950 classes) are decoration' },
  'fig3.classesAt090': { quantity: 'classes covered (>= 1 sample) at threshold 0.9', value: 700, unit: 'classes', source: iclr('Section 2', 'Fig. 3'), approximate: true },
  'fig3.samplesAt082': { quantity: 'samples above threshold 0.82 (single-class lemma matches after the NSFW drop, before the OCR drop)', value: 822_149, unit: 'samples', source: code('notebooks/choose_text_query_similarity_threshold.ipynb'), note: 'the curve at 0.82 is LAIONet before the OCR drop, so it equals construction.samples; the dashed guide lines (1.9e4 to 1.25e7 samples) are decoration, not data' },
  // ---- Fig. 4 ------------------------------------------------------------------------------------------------
  'fig4.topClassShare': { quantity: "share of LAIONet's most frequent class ('web site', n06359193)", value: 5, unit: '%', source: iclr('Section 2', 'Fig. 4'), approximate: true },
  // ---- Appendices A and B: variants ---------------------------------------------------------------------------
  'appB.topK': { quantity: 'samples kept per class in the top-k variant', value: 50, unit: 'samples', source: iclr('Appendix B') },
  'appB.samples': { quantity: 'samples of the top-50-per-class variant (CLIP)', value: 39_006, unit: 'samples', source: iclr('Appendix B') },
  'appA.mpnetThreshold': { quantity: 'text filter threshold with the MPNet encoder (all-mpnet-base-v2)', value: 0.58, unit: 'threshold', source: iclr('Appendix A') },
  'appA.mpnetSamples': { quantity: 'LAIONet samples with the MPNet encoder after all filters', value: 1_297_309, unit: 'samples', source: iclr('Appendix A') },
  // ---- Fig. 1 and Fig. 5: accuracy -------------------------------------------------------------------------
  'fig1.models': { quantity: 'ImageNet classifiers evaluated (plus CLIP zero-shot)', value: 29, unit: 'models', source: iclr('Section 3', 'Fig. 1') },
  'fig1.evaluatedClasses': { quantity: "classes of the equi-weighted accuracy: LAIONet's label dictionary classes that ImageNet validation has", value: 977, unit: 'classes', source: code('notebooks/plot_accuracy_of_laionet_vs_imagenet.ipynb (projected_wnid2imagenames)'), note: 'the 978 matched classes minus the husky typo n02112837' },
  'fig1.dropMin': { quantity: 'smallest equi-weighted top-1 accuracy drop from ImageNet validation to LAIONet', value: 5, unit: 'points', source: iclr('Abstract; Section 3', 'Fig. 1'), approximate: true },
  'fig1.dropMax': { quantity: 'largest equi-weighted top-1 accuracy drop from ImageNet validation to LAIONet', value: 12, unit: 'points', source: iclr('Abstract; Section 3', 'Fig. 1'), approximate: true },
  'fig1.strongModelsDropAtLeast': { quantity: 'accuracy drop of most strong models, at least', value: 10, unit: 'points', source: iclr('Section 3', 'Fig. 1') },
  'fig1.clipZeroShotDifference': { quantity: 'CLIP zero-shot accuracy difference between ImageNet and LAIONet', value: 2, unit: 'points', source: iclr('Section 3', 'Fig. 1'), approximate: true },
  'fig1.errorBarStandardErrors': { quantity: 'standard errors per half error bar in Fig. 1 (per-class Wilson 95% half-width / 1.96, combined sqrt(sum((w*se)^2))/sum(w))', value: 1, unit: 'count', source: code('utils/calc_utils.py calc_recall_per_y, combine_recalls') },
  'fig5.extraDropMin': { quantity: 'LAION-weighted accuracy below equi-weighted accuracy on LAIONet, smallest', value: 5, unit: 'points', source: iclr('Section 3', 'Fig. 5'), approximate: true },
  'fig5.extraDropMax': { quantity: 'LAION-weighted accuracy below equi-weighted accuracy on LAIONet, largest', value: 10, unit: 'points', source: iclr('Section 3', 'Fig. 5'), approximate: true },
  // ---- Fig. 6: intra-class similarity --------------------------------------------------------------------
  'fig6.firstN': { quantity: 'LAIONet images per class embedded (the first of each class)', value: 100, unit: 'images', source: iclr('Section 3', 'Fig. 6') },
  'fig6.pairsPerClass': { quantity: 'pair similarities drawn per class (with replacement) for the pooled histograms', value: 100, unit: 'pairs', source: code('notebooks/compare_intra_class_similarites_of_laionet_vs_others.ipynb (resample per common wnid)') },
  'fig6.minPairs': { quantity: 'pairs a class needs in both sets to enter the per-class test', value: 7, unit: 'pairs', source: code('notebooks/compare_intra_class_similarites_of_laionet_vs_others.ipynb (per-class test)') },
  'fig6.comparedClasses': { quantity: 'classes compared in the per-class test (CLIP)', value: 872, unit: 'classes', source: iclr('Section 3', 'Fig. 6') },
  'fig6.lowerShare': { quantity: 'classes where LAIONet is significantly less similar than ImageNet (CLIP, paper CI test)', value: 57.6, unit: '%', source: iclr('Section 3', 'Fig. 6') },
  'fig6.higherShare': { quantity: 'classes where LAIONet is significantly more similar than ImageNet (CLIP, paper CI test)', value: 27.9, unit: '%', source: iclr('Section 3', 'Fig. 6') },
  'fig6.lowerShareText': { quantity: 'classes where LAIONet has lower intra-class similarity ("almost two-thirds")', value: 66.7, unit: '%', source: iclr('Section 3 (text)'), approximate: true, note: 'a plain comparison of per-class means (share of classes whose mean is lower), not the CI test' },
  'fig6.lowerShareVit': { quantity: 'classes where LAIONet is significantly less similar, ViT image encoder', value: 60.0, unit: '%', source: tmlr('Section 3') },
  'fig6.lowerShareConvnext': { quantity: 'classes where LAIONet is significantly less similar, ConvNeXt image encoder', value: 70.0, unit: '%', source: tmlr('Section 3') },
  'fig6.lowerShareBeit': { quantity: 'classes where LAIONet is significantly less similar, BEiT image encoder', value: 66.7, unit: '%', source: tmlr('Section 3'), note: "the paper's text; the authors' notebook prints 0.6640 (66.4%)" },
  // ---- Fig. 7: ImageNetV2 -------------------------------------------------------------------------------
  'fig7.selectionFrequencyMatched': { quantity: 'mean MTurk selection frequency of ImageNetV2 MatchedFrequency', value: 0.73, unit: 'frequency', source: iclr('Section 4.1', 'Fig. 7') },
  'fig7.selectionFrequencyThreshold07': { quantity: 'mean MTurk selection frequency of ImageNetV2 Threshold0.7', value: 0.85, unit: 'frequency', source: iclr('Section 4.1', 'Fig. 7') },
  'fig7.selectionFrequencyTopImages': { quantity: 'mean MTurk selection frequency of ImageNetV2 TopImages', value: 0.93, unit: 'frequency', source: iclr('Section 4.1', 'Fig. 7') },
  'fig7.matchedLowerShare': { quantity: 'classes where LAIONet is significantly less similar than ImageNetV2 MatchedFrequency', value: 32.0, unit: '%', source: iclr('Section 4.1', 'Fig. 7') },
  'fig7.matchedHigherShare': { quantity: 'classes where LAIONet is significantly more similar than ImageNetV2 MatchedFrequency', value: 38.3, unit: '%', source: iclr('Section 4.1', 'Fig. 7') },
  // ---- TMLR Section 4.2: adding an image link -------------------------------------------------------------
  'imageLink.datasetSize': { quantity: 'size of each image-linked LAION dataset A-D (equal by construction)', value: 535_000, unit: 'samples', source: tmlr('Section 4.2'), approximate: true },
  'imageLink.textThresholdA': { quantity: 'dataset A: text similarity threshold', value: 0.81, unit: 'threshold', source: tmlr('Section 4.2') },
  'imageLink.imageThresholdA': { quantity: 'dataset A: image-to-synset similarity threshold', value: 0.2579, unit: 'threshold', source: tmlr('Section 4.2') },
  'imageLink.textThresholdB': { quantity: 'dataset B: text similarity threshold', value: 0.79, unit: 'threshold', source: tmlr('Section 4.2') },
  'imageLink.imageThresholdB': { quantity: 'dataset B: image-to-synset similarity threshold', value: 0.2828, unit: 'threshold', source: tmlr('Section 4.2') },
  'imageLink.textThresholdC': { quantity: 'dataset C: text similarity threshold', value: 0.76, unit: 'threshold', source: tmlr('Section 4.2') },
  'imageLink.imageThresholdC': { quantity: 'dataset C: image-to-synset similarity threshold', value: 0.2959, unit: 'threshold', source: tmlr('Section 4.2') },
  'imageLink.textThresholdD': { quantity: 'dataset D: text similarity threshold', value: 0.72, unit: 'threshold', source: tmlr('Section 4.2') },
  'imageLink.imageThresholdD': { quantity: 'dataset D: image-to-synset similarity threshold', value: 0.3037, unit: 'threshold', source: tmlr('Section 4.2') },
  'imageLink.meanA': { quantity: 'mean intra-class similarity of dataset A', value: 0.696, unit: 'similarity', source: tmlr('Section 4.2') },
  'imageLink.meanB': { quantity: 'mean intra-class similarity of dataset B', value: 0.715, unit: 'similarity', source: tmlr('Section 4.2') },
  'imageLink.meanC': { quantity: 'mean intra-class similarity of dataset C', value: 0.728, unit: 'similarity', source: tmlr('Section 4.2') },
  'imageLink.meanD': { quantity: 'mean intra-class similarity of dataset D', value: 0.736, unit: 'similarity', source: tmlr('Section 4.2') },
  'imageLink.imagenetMean': { quantity: 'mean intra-class similarity of ImageNet validation', value: 0.703, unit: 'similarity', source: tmlr('Section 4.2'), approximate: true },
  // ---- Fig. 8 and Fig. 9: ImageNet-Captions --------------------------------------------------------------
  'fig8.captions': { quantity: 'ImageNet training images with a recovered caption (ImageNet-Captions)', value: 443_798, unit: 'captions', source: iclr('Section 4.3', 'Fig. 8') },
  'fig8.fewOthersCloserShare': { quantity: 'captions with fewer than 5% of other classes closer than their own synset text', value: 95.7, unit: '%', source: iclr('Section 4.3', 'Fig. 8') },
  'fig9.threshold': { quantity: 'nearest-LAION-caption similarity a match must exceed', value: 0.7, unit: 'threshold', source: iclr('Section 4.4', 'Fig. 9') },
  'fig9.classCoverage': { quantity: 'classes covered at threshold 0.7, more than', value: 95, unit: '%', source: iclr('Section 4.4', 'Fig. 9'), approximate: true },
  'fig9.lowerShare': { quantity: 'classes where text-selected LAION images are significantly more diverse than ImageNet (paper CI test)', value: 77.3, unit: '%', source: iclr('Section 4.4', 'Fig. 9') },
  'fig9.lowerShareText': { quantity: 'classes where text-selected LAION images are more diverse ("almost 70%" in the text)', value: 70, unit: '%', source: iclr('Section 4.4 (text)'), approximate: true },
  // ---- Appendices D and F ---------------------------------------------------------------------------------
  'appD.higherShare': { quantity: 'classes where LAIONet images are significantly closer to their synset text than ImageNet images (CLIP)', value: 43.5, unit: '%', source: iclr('Appendix D') },
} as const satisfies Record<string, PaperQuote>

/** The id of a number in {@link PAPER_VALUES}. */
export type PaperValueId = keyof typeof PAPER_VALUES

/** True when `id` is a key of {@link PAPER_VALUES} (an own key: `toString` is not an id). */
export function isPaperValueId(id: string): id is PaperValueId {
  return Object.hasOwn(PAPER_VALUES, id)
}

/**
 * Returns the full quote (value, unit, quantity, source) of one paper number.
 * @param id - a key of {@link PAPER_VALUES}
 * @example paperQuote('construction.samples').source.section // 'Section 2'
 */
export function paperQuote(id: PaperValueId): PaperQuote {
  const quote = isPaperValueId(id) ? (PAPER_VALUES as Record<string, PaperQuote>)[id] : undefined
  if (!quote) throw new Error(`paper: unknown paper value id ${JSON.stringify(id)} (expected a key of PAPER_VALUES, e.g. 'fig6.lowerShare'). See src/paper/registry.ts`)
  return quote
}

/**
 * Returns one paper number in its registry unit (percentages as 0-100).
 * @param id - a key of {@link PAPER_VALUES}
 * @example paperValue('fig6.lowerShare') // 57.6
 */
export function paperValue(id: PaperValueId): number {
  return paperQuote(id).value
}

/**
 * Returns a `%` paper number as a share in [0, 1] (57.6 -> 0.576); throws for other units.
 * @param id - a key of {@link PAPER_VALUES} whose unit is `%`
 * @example paperShare('fig6.lowerShare') // 0.576
 */
export function paperShare(id: PaperValueId): number {
  const quote = paperQuote(id)
  if (quote.unit !== '%') throw new Error(`paper: ${id} is in ${quote.unit}, not % (expected a percentage id such as 'fig6.lowerShare'). Use paperValue for it`)
  return Number((quote.value / 100).toPrecision(12)) // 1.1 / 100 is 0.011000000000000001 in floating point
}

/**
 * Returns a short citation of where a number is stated, e.g. `ICLR, Section 2, Fig. 3`.
 * @param id - a key of {@link PAPER_VALUES}
 * @example paperCitation('fig3.samplesAt082') // 'ICLR, Section 2, Fig. 3 (approximate)'
 */
export function paperCitation(id: PaperValueId): string {
  const { source, approximate } = paperQuote(id)
  return [source.version, source.section, source.figure].filter(Boolean).join(', ') + (approximate ? ' (approximate)' : '')
}

/**
 * Returns every registry entry with its id, in registry order (for a report's "paper numbers" table).
 * @example paperQuotes().length // number of quoted values
 */
export function paperQuotes(): (PaperQuote & { id: PaperValueId })[] {
  return (Object.keys(PAPER_VALUES) as PaperValueId[]).map((id) => ({ id, ...paperQuote(id) }))
}
