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
