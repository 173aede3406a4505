import { paperShare, paperValue as v } from './registry.js'

/**
 * The paper's numbers for building LAIONet (Section 2, Fig. 3, Fig. 4, Appendices A and B), tier `quoted`: a
 * grouped view of {@link PAPER_VALUES} (src/paper/registry.ts holds each number once, with its source).
 * Shares are fractions here (0.011), percentages in the registry (1.1).
 */
export const PAPER_CONSTRUCTION = {
  /** LAION-400M captions searched (32 parquet parts). */
  laionCaptions: v('construction.laionCaptions'),
  /** Global row index = part * indexShiftPerPart + row. */
  indexShiftPerPart: v('construction.indexShiftPerPart'),
  /** Lemmas kept (held by exactly one class of the 999-class list) and the classes they cover. */
  lemmas: v('construction.lemmas'),
  lemmaClasses: v('construction.lemmaClasses'),
  /** Lemma strings shared by several ILSVRC classes (dropped). */
  sharedLemmas: v('construction.sharedLemmas'),
  /** Lemmas holding '-', "'" or '.', which the matcher can never find, and the classes lost that way. */
  punctuatedLemmas: v('construction.punctuatedLemmas'),
  classesLostToPunctuation: v('construction.classesLostToPunctuation'),
  /** Classes with at least one matched caption, and the captions matched (about 21M of 400M). */
  matchedClasses: v('construction.matchedClasses'),
  matchedCaptions: v('construction.matchedCaptions'),
  /** The text filter: CLIP ViT-B/32 similarity of caption and synset text must exceed this (strictly). */
  threshold: v('construction.threshold'),
  /** Share of samples dropped because the image shows the class name (OCR), as a fraction. */
  ocrDroppedShare: paperShare('construction.ocrDroppedShare'),
  /** LAIONet before the OCR drop: samples, their share of LAION-400M (fraction), and classes. */
  samples: v('construction.samples'),
  samplesShareOfLaion: paperShare('construction.samplesShareOfLaion'),
  classes: v('construction.classes'),
  /** Fig. 4: the most frequent class and its share (about 5%, as a fraction). */
  topClass: { name: 'web site', wnid: 'n06359193', share: paperShare('fig4.topClassShare') },
  /**
   * Fig. 3: classes covered and samples above the threshold (single-class matches after the NSFW drop, before the
   * OCR drop), so at 0.82 LAIONet before the OCR drop (822,149 over 915); 0.5 and 0.9 are read off the curves.
   */
  sweep: [
    { threshold: 0.5, classes: v('fig3.classesAt050'), samples: null as number | null },
    { threshold: 0.82, classes: v('fig3.classesAt082'), samples: v('fig3.samplesAt082') as number | null },
    { threshold: 0.9, classes: v('fig3.classesAt090'), samples: null as number | null },
  ],
  /** Appendix B: the 50 most similar captions per class of LAIONet (after all filters). */
  topK: { k: v('appB.topK'), samples: v('appB.samples') },
  /** Appendix A: MPNet text encoder instead of CLIP. */
  mpnet: { model: 'all-mpnet-base-v2', threshold: v('appA.mpnetThreshold'), samples: v('appA.mpnetSamples') },
} as const
