import { basename } from 'node:path'
import { LaionetError } from '../util/errors.js'
import type { LaionetConfig } from '../config/types.js'
import { classRecall, equiWeightedAccuracy } from '../metrics/accuracy.js'
import type { RecallTable } from '../metrics/types.js'
import { cachedClassifier } from '../models/classification-cache.js'
import { loadClassifier } from '../models/load-classifier.js'
import { paperZeroShotOutcomes } from '../models/zero-shot-classifier.js'
import type { ClassEntry, Classifier } from '../models/types.js'
import type { ImageDropReason, ImageRule } from '../models/image-rule.js'

/** One classifier's per-class recalls on one labelled image set. */
export interface ClassifierRun {
  /** The model's display name: the file name without .onnx, or the hub id. */
  model: string
  /** The spec it was loaded from (a path or hub id). */
  spec: string
  top1Table: RecallTable
  top5Table: RecallTable
  /** Images that failed to decode or that the image rule dropped (`dropped`), with the reason (never counted as wrong). */
  errors: { image: string, error: string, dropped?: ImageDropReason }[]
  /** Images read (classified, failed or dropped). */
  read: number
}

/** A classifier beside the configured ones (CLIP zero-shot). */
export interface ExtraClassifier {
  model: string
  spec: string
  load: () => Promise<Classifier>
  /** Score it as the authors do CLIP zero-shot: images of the classes outside their list get no prediction. */
  paperZeroShot?: boolean
}

/** A name for a classifier spec: 'resnet50' for '/m/resnet50.onnx', the id itself for a hub id. */
const classifierName = (spec: string) => (/\.onnx$/i.test(spec) ? basename(spec).replace(/\.onnx$/i, '') : spec)

/**
 * Runs every classifier `models.classifiers` names over labelled images that arrive in chunks (file paths or bytes),
 * one chunk in memory at a time, and returns the per-class top-1 and top-5 recall tables (images that fail to decode
 * are listed in `errors` and left out; so are the images `imageRule` drops, with `dropped` set). `imageRule` is required
 * so that no image path of the experiments falls back to converting (`imageRuleFor(config, origin)`).
 * @param chunks called once per classifier; yields `{ inputs, labels, names }` chunks
 * @example await runClassifiers(config, classes, () => oneChunk(paths, wnids), undefined, { imageRule: 'local' })
 */
export async function runClassifiers(
  config: LaionetConfig, classes: ClassEntry[],
  chunks: () => AsyncIterable<{ inputs: (string | Uint8Array)[], labels: string[], names: string[] }>,
  onProgress: ((message: string) => void) | undefined,
  { extra = [], imageRule }: { extra?: ExtraClassifier[], imageRule: ImageRule },
): Promise<ClassifierRun[]> {
  const runs: ClassifierRun[] = []
  const specs: (Omit<ExtraClassifier, 'load'> & { load: (() => Promise<Classifier>) | null })[] = [...config.models.classifiers.map((spec) => ({ model: classifierName(spec), spec, load: null })), ...extra]
  for (const { model, spec, load, paperZeroShot } of specs) {
    // Loaded on the first chunk the classification cache does not hold (a rerun loads no model).
    const classifier = cachedClassifier(async () => {
      try {
        return load ? await load() : await loadClassifier(spec, { classes, offline: !config.models.allowRemoteModels })
      } catch (err) {
        throw new LaionetError('experiments', `cannot load the classifier ${spec} named in models.classifiers (${(err as Error).message}); give an .onnx file, a local model folder or a hub id with models.allowRemoteModels`, { code: 'not-found', cause: err })
      }
    }, { spec, settings: { model, extra: load !== null, classes } })
    const keys: string[] = []
    const top1: (boolean | null)[] = []
    const top5: (boolean | null)[] = []
    const errors: ClassifierRun['errors'] = []
    let read = 0
    try {
      for await (const chunk of chunks()) {
        const { predictions, errors: bad } = await classifier.classify(chunk.inputs, { batchSize: 16, imageRule })
        read += chunk.inputs.length
        for (const e of bad) {
          errors.push({ image: chunk.names[e.index] ?? String(e.index), error: e.error, ...e.dropped ? { dropped: e.dropped } : {} })
          onProgress?.(`accuracy: ${model}: skipped ${chunk.names[e.index] ?? e.index}: ${e.error}`)
        }
        predictions.forEach((p, i) => {
          if (!p) return
          keys.push(chunk.labels[i])
          top1.push(p.top5[0]?.wnid === chunk.labels[i])
          top5.push(p.top5.slice(0, 5).some((c) => c.wnid === chunk.labels[i]))
        })
        onProgress?.(`accuracy: ${model}: ${keys.length} images classified`)
      }
    } finally {
      await classifier.dispose()
    }
    // The authors' CLIP zero-shot: no prediction for the images of the classes outside their 999-class list.
    const seen = (outcomes: (boolean | null)[]) => (paperZeroShot ? paperZeroShotOutcomes(keys, outcomes) : outcomes)
    runs.push({ model, spec, top1Table: classRecall(keys, seen(top1)), top5Table: classRecall(keys, seen(top5)), errors, read })
  }
  return runs
}

/** Equi-weighted accuracies of a run. */
export function equiWeighted(run: Pick<ClassifierRun, 'top1Table' | 'top5Table'>) {
  return { top1: equiWeightedAccuracy(run.top1Table), top5: equiWeightedAccuracy(run.top5Table) }
}

/** One chunk of every input (small folders). */
export async function* inChunks<T extends { path: string, wnid: string }>(images: readonly T[], size = 256) {
  for (let i = 0; i < images.length; i += size) {
    const part = images.slice(i, i + size)
    yield { inputs: part.map((x) => x.path), labels: part.map((x) => x.wnid), names: part.map((x) => x.path) }
  }
}
