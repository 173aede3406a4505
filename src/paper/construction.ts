/**
 * The paper's numbers for building LAIONet (Section 2, Fig. 3, Fig. 4, Appendices A and B), as quoted in
 * ../shared/PAPER.md: the `quoted` tier, set beside what the notebooks recompute.
 */
export const PAPER_CONSTRUCTION = {
  /** LAION-400M captions searched (32 parquet parts). */
  laionCaptions: 413_871_335,
  /** Global row index = part * indexShiftPerPart + row. */
  indexShiftPerPart: 100_000_000,
  /** Lemmas kept (held by exactly one class of the 999-class list) and the classes they cover. */
  lemmas: 1825,
  lemmaClasses: 995,
  /** Lemma strings shared by several ILSVRC classes (dropped). */
  sharedLemmas: 17,
  /** Lemmas holding '-', "'" or '.', which the matcher can never find, and the classes lost that way. */
  punctuatedLemmas: 64,
  classesLostToPunctuation: 15,
  /** Classes with at least one matched caption, and the captions matched (about 21M of 400M). */
  matchedClasses: 978,
  matchedCaptions: 21_000_000,
  /** The text filter: CLIP ViT-B/32 similarity of caption and synset text must exceed this (strictly). */
  threshold: 0.82,
  /** Share of samples dropped because the image shows the class name (OCR). */
  ocrDroppedShare: 0.011,
  /** LAIONet: samples, their share of LAION-400M, and classes. */
  samples: 822_149,
  samplesShareOfLaion: 0.0021,
  classes: 915,
  /** Fig. 4: the most frequent class and its share (about 5%). */
  topClass: { name: 'web site', wnid: 'n06359193', share: 0.05 },
  /** Fig. 3: classes covered and dataset size at three thresholds (read off the figure, approximate). */
  sweep: [
    { threshold: 0.5, classes: 947, samples: 12_500_000 },
    { threshold: 0.82, classes: 910, samples: 1_000_000 },
    { threshold: 0.9, classes: 700, samples: null },
  ],
  /** Appendix B: the 50 most similar captions per class. */
  topK: { k: 50, samples: 39_006 },
  /** Appendix A: MPNet text encoder instead of CLIP. */
  mpnet: { model: 'all-mpnet-base-v2', threshold: 0.58, samples: 1_297_309 },
} as const
