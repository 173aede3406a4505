import type { Command } from './types.js'

/**
 * Every `laionet` subcommand, loaded lazily so `laionet --help` and each command start fast
 * (transformers.js, onnxruntime and parquet are only imported by the commands that use them).
 * One line per command; the module's default export is its Command.
 */
export const commands: Record<string, () => Promise<{ default: Command }>> = {
  // data
  data: () => import('./data.js'),
  // wordnet and imagenet
  classes: () => import('./classes.js'),
  // simulate
  simulate: () => import('./simulate.js'),
  // laionet construction
  lemmas: () => import('./lemmas.js'),
  synsets: () => import('./synsets.js'),
  match: () => import('./match.js'),
  build: () => import('./build.js'),
  merge: () => import('./merge.js'),
  'ocr-filter': () => import('./ocr-filter.js'),
  // metrics
  accuracy: () => import('./accuracy.js'),
  'intra-class': () => import('./intra-class.js'),
  // plots
  figures: () => import('./figures.js'),
  // models
  'embed-text': () => import('./embed-text.js'),
  'embed-images': () => import('./embed-images.js'),
  classify: () => import('./classify.js'),
  // download and datasets on disk, configuration
  download: () => import('./download.js'),
  config: () => import('./config.js'),
  experiment: () => import('./experiment.js'),
  claims: () => import('./claims.js'),
}
