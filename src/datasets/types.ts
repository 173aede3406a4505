/** One labelled image found on disk. */
export interface LabelledImage {
  /** Absolute path of the image file. */
  path: string
  /** WordNet id of its class, e.g. 'n01440764'. */
  wnid: string
  /** Classifier index of the class (position in sorted-wnid order, 0..999). */
  classIndex: number
}

/** Options of {@link imageNetValFolder}. */
export interface ImageNetValFolderOptions {
  /** The ILSVRC-2012 devkit folder (holding data/meta.mat and data/ILSVRC2012_validation_ground_truth.txt, or both
   * directly); labels come from it. Default: the devkit files of the data mirror. */
  devkit?: string
  /** Labels by validation image number - 1, instead of reading the devkit (tests, or labels already loaded). */
  labels?: readonly string[]
  /** Fail when the folder holds fewer than 50,000 images. Default: false (a subset is fine). */
  requireAll?: boolean
  /** The 1000 wnids in sorted order, for classIndex. Default: the labels' distinct wnids when there are 1000, else
   * the devkit's leaf synsets, sorted. */
  wnids?: readonly string[]
}

/** Options of {@link imageNetV2Folders}. */
export interface ImageNetV2FolderOptions {
  /** The 1000 wnids in sorted order (folder i = wnids[i]). Default: the devkit's 1000 leaf synsets, sorted. */
  wnids?: readonly string[]
}

/** Options of {@link releasedLaionetBatches} and {@link loadReleasedLaionet}. */
export interface ReleasedLaionetOptions {
  /** Predictors whose `top_{1,5}_is_correct_<model>` columns to read. Default: every model with both columns. */
  models?: readonly string[]
  /** Read URL, TEXT and recognized_text (large). Default: true. */
  text?: boolean
  /** Synset text -> wnid. Default: the synset texts of the 1000 classes (`synsetText`). */
  synsetWnids?: ReadonlyMap<string, string>
}

/** The kept rows of one row group of the released LAIONet, column by column (all arrays of equal length). */
export interface ReleasedLaionetBatch {
  /** The file. */
  file: string
  /** Position in the file of the group's first row. */
  rowStart: number
  /** Rows read in this group, kept or not. */
  rows: number
  /** Rows dropped because `wnid_is_in_recognized_text` is not false. */
  dropped: number
  /** Position in the file of each kept row. */
  row: number[]
  /** Global LAION index of each kept row (part * 1e8 + row; the file's pandas index). */
  index: number[]
  /** Class of each kept row, from `name_def_wnid`. */
  wnid: string[]
  /** Class of each OCR-dropped row whose `name_def_wnid` names a class: with `wnid`, the label counts before the OCR
   * drop (the authors' label pickles, Fig. 4 and Fig. 5's weights, count those). */
  droppedWnid: string[]
  /** URL (empty when read with `text: false`). */
  url: (string | null)[]
  /** Caption (empty when read with `text: false`). */
  text: (string | null)[]
  /** OCR output `recognized_text` (null when absent; empty when read with `text: false`). */
  recognizedText: (string | null)[]
  /** Text-to-synset-text similarity per encoder (`text_to_name_def_wnid_similarity_<encoder>`). */
  similarity: Record<string, (number | null)[]>
  /** Top-1 correctness per model (null = no prediction). */
  top1: Record<string, (boolean | null)[]>
  /** Top-5 correctness per model (null = no prediction). */
  top5: Record<string, (boolean | null)[]>
}

/** The whole released LAIONet, kept rows only. */
export interface ReleasedLaionet extends Omit<ReleasedLaionetBatch, 'rowStart'> {
  /** Predictors with top-1 and top-5 columns, in column order. */
  models: string[]
  /** Text encoders with a similarity column, in column order. */
  encoders: string[]
}

/** One ImageNet-Captions entry as the authors use it. */
export interface ImageNetCaption {
  /** The ImageNet training file name, e.g. 'n01440764_10026.JPEG'. */
  filename: string
  /** Its class. */
  wnid: string
  /** The caption: `' '.join([title] + tags + [description])`. */
  text: string
}

/** Options of {@link loadImageNetCaptions}. */
export interface ImageNetCaptionsOptions {
  /** Refuse entries of other classes (e.g. the 1000 ILSVRC wnids). Default: any WordNet id. */
  wnids?: Iterable<string>
  /** Read at most this many entries (a trial run). Default: all. */
  limit?: number
}

/** One LAION metadata parquet of `sources.laionParquet`. */
export interface LaionPartFile {
  /** Absolute path. */
  file: string
  /** The part number of a `part-NNNNN-...` name, else null. */
  part: number | null
  /** Global index of its row 0: part * 1e8, or the file's position in the sorted list * 1e8. */
  rowBase: number
  /** Rows in the file. */
  rows: number
  /** Its top-level columns. */
  columns: string[]
}

/** Options of {@link laionParts}. */
export interface LaionPartsOptions {
  /** Folder that relative patterns start from (the configuration file's folder). Default: the working directory. */
  baseDir?: string
  /** The caption column that must be present. Default: 'TEXT'. */
  column?: string
}
