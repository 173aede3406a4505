/**
 * The dials of the simulated world: a structural causal model Y -> X, Y -> T (and, to a tunable degree,
 * X -> T), with a text-only selection S (LAIONet) and an image-aware selection S' (ImageNet).
 * Every field has a default (`DEFAULT_SIMULATION_CONFIG`) and an allowed range (`SIMULATION_CONFIG_RANGES`).
 */
export interface SimulationConfig {
  /** Number of classes Y. Default: 300. */
  classes: number
  /** Number of candidate (image, caption) pairs in the pool, spread evenly over classes. Default: 100000. */
  candidates: number
  /** Dimension of the shared image-text embedding space. Default: 48. */
  dim: number
  /** Mean cosine similarity between two classes' centres (how alike the classes look). Default: 0.7. */
  classOverlap: number
  /** Number of atypical modes per class besides the stereotypical core. Default: 4. */
  atypicalModes: number
  /** Share of a class's images drawn from its core (stereotypical) mode. Default: 0.4. */
  coreWeight: number
  /** Norm of the within-mode noise of the core mode (before normalising). Default: 0.4. */
  coreSpread: number
  /** Norm of the within-mode noise of the atypical modes. Default: 0.8. */
  atypicalSpread: number
  /** Distance of each atypical mode's centre from the class centre. Default: 0.8. */
  modeDistance: number
  /** How much the atypical modes are shared styles across classes (0 = each class its own, 1 = the same styles for all). Default: 0.9. */
  styleShare: number
  /** Probability that a caption names its class by a lemma (so substring search can find it). Default: 0.6. */
  lemmaRate: number
  /** Probability that a caption uses a homonym: a lemma of another class, which is then what it matches. Default: 0.03. */
  homonymRate: number
  /** How much of the image a caption describes: 0 = only the class (T depends on X only through Y), 1 = the whole image. Default: 0.2. */
  captionDescribesImage: number
  /** Log-scale spread of the per-class caption detail: class y's captions describe `captionDescribesImage ^ exp(-spread * z_y)` of the image (median: the dial; 0 and 1 stay 0 and 1) (product listings say a lot, snapshots little). Default: 1.5. */
  captionDetailSpread: number
  /** Norm scale of the caption's own noise in the text embedding (log-normal per caption). Default: 0.6. */
  textNoise: number
  /** Text-only (LAIONet) selection: keep a lemma-matched caption when its text-to-synset similarity exceeds this. Default: 0.82. */
  textThreshold: number
  /** Annotators who look at each image-aware candidate. Default: 10. */
  annotators: number
  /** Typicality (cosine of the image to its class centre) at which an annotator accepts with probability 1/2. Default: 0.6. */
  annotatorCenter: number
  /** Slope of an annotator's acceptance probability in typicality (0 = blind coin flips). Default: 8. */
  annotatorSharpness: number
  /** Image-aware (ImageNet) selection: keep a candidate when at least this share of annotators accept it. Default: 0.7. */
  selectionFrequency: number
  /** Selection-frequency thresholds of the Fig. 7 sweep (ImageNetV2: 0.73, 0.85, 0.93). Default: [0.5, 0.73, 0.85, 0.93]. */
  selectionFrequencySweep: number[]
  /** Text thresholds of the Section 4.2 frontier, A to D (paper: 0.81, 0.79, 0.76, 0.72). Default: [0.81, 0.79, 0.76, 0.72]. */
  frontierTextThresholds: number[]
  /** Size of every frontier dataset, as a share of the pool passing the first (strictest) frontier text threshold. Default: 0.9. */
  frontierShare: number
  /** Share of the pool whose image comes from another class than its caption (web label noise). Default: 0. */
  labelNoise: number
  /** Share of the pool removed first by a CLIP-like image-text score (LAION's 0.3 pre-filter), lowest scores first. Default: 0. */
  clipPrefilterDrop: number
  /** Images per class used for intra-class similarity (the paper: the first 100 LAIONet images). Default: 100. */
  maxPerClass: number
  /** Share of the image-aware set used to fit the classifier; the rest is its held-out test set. Default: 0.5. */
  trainShare: number
}

/** The allowed closed range of a numeric dial, and whether it must be an integer. */
export interface DialRange {
  /** Smallest allowed value. */
  min: number
  /** Largest allowed value. */
  max: number
  /** True when only integers are allowed. Default: false. */
  integer?: boolean
}

/** The generated world: class structure and the candidate pool, as flat typed arrays (row i = candidate i). */
export interface World {
  /** The resolved configuration it was generated from. */
  config: SimulationConfig
  /** The seed it was generated from. */
  seed: number
  /** Embedding dimension d. */
  dim: number
  /** Number of classes. */
  classes: number
  /** Number of candidates n. */
  size: number
  /** Class centres (the stereotype of each class), unit vectors, classes x d. */
  classCentres: Float32Array
  /** Synset-text embedding of each class (the "[name] which is [definition]" query), unit vectors, classes x d. */
  synsetTexts: Float32Array
  /** For each class, how much of the image its captions describe (see `captionDetailSpread`), in [0, 1]. */
  captionDetail: Float64Array
  /** For each class, the other class one of whose lemmas is a homonym of a word about it. */
  homonymOf: Int32Array
  /** The class that generated the caption (Y), per candidate. Even rows are the web crawl (LAION's pool), odd rows the photo search (ImageNet's). */
  captionClass: Int32Array
  /** The class whose distribution generated the image; differs from `captionClass` for label-noise candidates. */
  imageClass: Int32Array
  /** The mode the image came from: 0 = core, 1.. = atypical. */
  mode: Uint8Array
  /** Image embeddings, unit vectors, n x d. */
  images: Float32Array
  /** Caption (text) embeddings, unit vectors, n x d. */
  texts: Float32Array
  /** The class whose lemma the caption contains (substring match), or -1 when it names no class. */
  matchedClass: Int32Array
  /** 1 when the matched lemma is a homonym (the caption is about another class). */
  homonym: Uint8Array
  /** Cosine of the caption embedding to the synset text of `matchedClass` (NaN when unmatched). */
  textSimilarity: Float32Array
  /** Cosine of the image to the synset text of `matchedClass` (CLIP image-to-synset; NaN when unmatched). */
  imageSimilarity: Float32Array
  /** Cosine of the image to its caption (the CLIP score of LAION's pre-filter). */
  clipScore: Float32Array
  /** Cosine of the image to the centre of `matchedClass` (what annotators judge; NaN when unmatched). */
  typicality: Float32Array
  /** Annotators (of `config.annotators`) who accepted the candidate for `matchedClass`. */
  votes: Uint8Array
  /** 1 when the candidate survives the CLIP-like pre-filter (all 1 when `clipPrefilterDrop` is 0). */
  inPool: Uint8Array
}

/** A selected dataset: candidate rows and the class label each was given. */
export interface Selection {
  /** Name, e.g. `text-only` or `image-aware`. */
  name: string
  /** Candidate row numbers, ascending (the pool's order, like LAION's). */
  rows: Int32Array
  /** The label each selected row was given (the matched class). */
  labels: Int32Array
}

/** One Section 4.2 frontier dataset. */
export interface FrontierSelection extends Selection {
  /** Text-to-synset similarity threshold. */
  textThreshold: number
  /** The image-to-synset threshold that gives the fixed size. */
  imageThreshold: number
}
