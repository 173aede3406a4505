import type { PaperValueId } from '../paper/registry.js'

/**
 * Which part of the source resolution (src/config/resolve-sources.ts) computes each claim, so a `quoted` or
 * `plumbing` claim can say what to configure. Longest matching prefix wins.
 */
const PARTS: [prefix: string, part: string][] = [
  ['construction.', 'laionet-filter'],
  ['construction.laionCaptions', 'laionet-matching'],
  ['construction.matched', 'laionet-matching'],
  ['construction.ocrDroppedShare', 'laionet-released'],
  ['construction.lemma', 'classes'],
  ['construction.sharedLemmas', 'classes'],
  ['construction.punctuatedLemmas', 'classes'],
  ['construction.classesLostToPunctuation', 'classes'],
  ['construction.classList', 'classes'],
  ['fig3.', 'laionet-filter'],
  ['fig4.', 'laionet-released'],
  ['appA.', 'laionet-filter'],
  ['appB.', 'laionet-filter'],
  ['fig1.', 'accuracy-laionet'],
  ['fig1.models', 'accuracy-imagenet'],
  ['fig1.evaluatedClasses', 'accuracy-imagenet'],
  ['fig5.', 'accuracy-laionet'],
  ['fig6.', 'intra-class'],
  ['fig7.', 'imagenetv2-intra-class'],
  ['imageLink.', 'image-link'],
  ['imageLink.imagenetMean', 'image-link-imagenet'],
  ['fig8.', 'imagenet-captions'],
  ['fig9.', 'imagenet-captions-images'],
  ['fig9.classCoverage', 'imagenet-captions-nearest'],
  ['fig9.threshold', 'imagenet-captions-nearest'],
  ['appD.', 'cross-modal'],
]

/** What to configure for claims no source resolution part can upgrade (settings, data only the full run has). */
const SPECIFIC: Partial<Record<PaperValueId, string>> = {
  'construction.laionCaptions': 'set sources.laionParquet to all 32 LAION-400M parts (no limits.maxLaionRows)',
  'construction.matchedCaptions': 'set sources.laionParquet to all 32 LAION-400M parts (no limits.maxLaionRows)',
  'construction.samples': 'set sources.laionParquet to all 32 LAION-400M parts with real CLIP weights (models.clip), or sources.laionetReleased',
  'construction.classes': 'set sources.laionParquet to all 32 LAION-400M parts with real CLIP weights (models.clip), or sources.laionetReleased',
  'construction.samplesShareOfLaion': 'set sources.laionParquet to all 32 LAION-400M parts with real CLIP weights (models.clip)',
  'fig3.classesAt082': 'set sources.laionParquet to all 32 LAION-400M parts with real CLIP weights (models.clip)',
  'fig3.samplesAt082': 'set sources.laionParquet to all 32 LAION-400M parts with real CLIP weights (models.clip)',
  'fig3.classesAt050': 'set sources.laionParquet to all 32 LAION-400M parts with real CLIP weights (models.clip)',
  'fig3.classesAt090': 'set sources.laionParquet to all 32 LAION-400M parts with real CLIP weights (models.clip)',
  'appA.mpnetSamples': 'set sources.laionParquet to all 32 LAION-400M parts and an MPNet text encoder (all-mpnet-base-v2)',
  'fig6.lowerShareVit': 'configure the intra-class sources and a ViT image encoder',
  'fig6.lowerShareConvnext': 'configure the intra-class sources and a ConvNeXt image encoder',
  'fig6.lowerShareBeit': 'configure the intra-class sources and a BEiT image encoder',
  'fig7.selectionFrequencyMatched': "ImageNetV2's per-image MTurk selection frequencies (not distributed with its test sets)",
  'fig7.selectionFrequencyThreshold07': "ImageNetV2's per-image MTurk selection frequencies (not distributed with its test sets)",
  'fig7.selectionFrequencyTopImages': "ImageNetV2's per-image MTurk selection frequencies (not distributed with its test sets)",
  'fig8.captions': 'set sources.imagenetCaptions to the full ImageNet-Captions file',
}

/** The source resolution part that computes `id` (e.g. 'intra-class'), or null. */
export function claimPart(id: string): string | null {
  let best: [string, string] | null = null
  for (const entry of PARTS) if (id.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry
  return best ? best[1] : null
}

/** A configure hint specific to one claim, when the part's own hint is not enough. */
export function specificConfigure(id: PaperValueId): string | null {
  return SPECIFIC[id] ?? null
}
