import type { OcrOptions } from './ocr.js'

/** The two lemma maps: the authors' rule exactly, or ours with named recoveries. */
export type LemmaMode = 'paper' | 'extended'

/** The part of an ImageNet class the lemma maps read (an `ImageNetClass` fits). */
export interface ClassLemmas {
  /** WordNet id, `n` + 8-digit offset, e.g. `n01440764`. */
  wnid: string
  /** WordNet lemmas with spaces for underscores, in WordNet order, e.g. `['tench', 'Tinca tinca']`. */
  lemmas: string[]
}

/** How an entry of a lemma map came about. */
export type LemmaSource = 'wordnet' | 'punctuation' | 'plural' | 'irregular-plural'

/** One searchable string of a lemma map. */
export interface LemmaEntry {
  /** The text searched for between spaces in the normalised caption, e.g. `mountain lions`. */
  pattern: string
  /** The WordNet lemma it stands for, as WordNet spells it, e.g. `mountain lion`. */
  lemma: string
  /** The classes it points to, sorted: one, or several for a shared lemma kept as candidates. */
  wnids: string[]
  /** How the entry was made: the WordNet lemma itself, its punctuation-free form, or a plural. */
  source: LemmaSource
  /** The caption must have the pattern's exact case; false = any ASCII case. */
  caseSensitive: boolean
  /** False for a pattern holding ASCII punctuation (paper mode, or extended without `punctuation`): normalised captions have none, so it never matches. */
  matchable: boolean
}

/** Extended-mode recoveries; each can be switched off to measure its effect. */
export interface ExtendedOptions {
  /** Normalise lemmas like captions (punctuation to space, whitespace runs collapsed in both), so `T-shirt` matches. Default: true. */
  punctuation?: boolean
  /** Add regular plurals of each lemma's last word and WordNet's irregular plurals (`irregularPlurals`). Default: true. */
  plurals?: boolean
  /** Irregular plurals by singular (`mouse` to `['mice']`), from WordNet's noun.exc; used when `plurals`. Default: none. */
  irregularPlurals?: ReadonlyMap<string, readonly string[]>
  /** `candidates`: a lemma shared by several classes is kept, pointing to all of them, and the text filter picks the class whose synset text is most similar; `drop`: the paper's rule. Default: `candidates`. */
  sharedLemmas?: 'candidates' | 'drop'
  /** Lowercase lemmas match any ASCII case (`Tench`, `TENCH`); a lemma with an uppercase letter (`Felis concolor`, `Siamese cat`) stays exact. Default: true. */
  caseFolding?: boolean
  /** Classes left out. Default: none (the machine crane n03126707 competes with the bird through `sharedLemmas`). */
  excludeWnids?: readonly string[]
}

/** Options of {@link buildLemmaMap}. */
export interface LemmaMapOptions extends ExtendedOptions {
  /** `paper` reproduces the authors' map bit for bit and ignores the extended options. Default: `paper`. */
  mode?: LemmaMode
}

/** A lemma map: what the matcher searches and which class each hit points to. */
export interface LemmaMap {
  /** The mode it was built in. */
  mode: LemmaMode
  /** The options in force (extended mode) with defaults filled in, for reports. */
  options: Required<Omit<ExtendedOptions, 'irregularPlurals'>> & { irregularPlurals: number }
  /** Every entry, sorted by pattern then case sensitivity. */
  entries: LemmaEntry[]
  /** The classes reachable through at least one entry, sorted. */
  wnids: string[]
  /** Classes in the input with no entry left, and why. */
  dropped: { wnid: string, reason: string }[]
  /** Lemmas held by more than one listed class, with those classes (dropped in paper mode). */
  shared: { lemma: string, wnids: string[] }[]
}

/** The lemmas a caption matched. */
export interface CaptionMatch {
  /** The classes of the matched entries, sorted and unique. */
  wnids: string[]
  /** The WordNet lemmas matched (not their plural or punctuation-free forms), sorted and unique. */
  lemmas: string[]
}

/** One matched caption in a parquet file, as the match engine writes it. */
export interface MatchRecord extends CaptionMatch {
  /** Global row index: `part * 1e8 + row` for LAION's `part-NNNNN` files, else `fileOrdinal * 1e8 + row`. */
  row: number
}

/** One downloaded image handed to {@link filterTextInImages}. */
export interface OcrFilterSample {
  /** The build row it belongs to (the LAION global row of `labels.json`). */
  row: number
  /** The stored image bytes (JPEG, PNG, WebP or GIF); absent or empty is a per-row error. */
  image?: Uint8Array
}

/** The text-in-image verdict of one row, as `laionet ocr-filter` writes it (one JSON line). */
export interface OcrFilterRow {
  /** The build row. */
  row: number
  /** Its class, or null when the row has none (then `error` says so). */
  wnid: string | null
  /** True when the image's visible text holds one of the class's lemmas: the paper drops the sample. */
  flagged: boolean
  /** The lemmas found, in the order of the class's lemma list. */
  found: string[]
  /** The recognised text, trimmed ('' for no text or an error). */
  text: string
  /** Why this row could not be read (corrupt image, OCR failure, timeout, no class); then not flagged. */
  error?: string
}

/** Progress of {@link filterTextInImages}, reported after each row. */
export interface OcrFilterProgress {
  /** Rows finished, flagged, and failed so far. */
  done: number
  flagged: number
  errors: number
}

/** Options of {@link filterTextInImages}. */
export interface OcrFilterOptions extends OcrOptions {
  /** `paper`: the authors' drop rule (synset name in the recognized text); `lemmas`: ours (any lemma, case-insensitive). See `OcrRule`. Default: `paper`. */
  rule?: 'paper' | 'lemmas'
  /** Images read at once (tesseract processes). Default: 2. */
  concurrency?: number
  /** Largest image accepted, in pixels (a decompression bomb is a per-row error). Default: 100,000,000. */
  maxPixels?: number
  /** Called after each row with the running counts. Default: none. */
  onProgress?: (progress: OcrFilterProgress) => void
}
