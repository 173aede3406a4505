// Fig. 9's two image sources in the rehearsal (issue #21 item 7): ImageNet-Captions' training images and the LAION
// images of the captions' nearest LAION rows, downloaded from the rehearsal's server as a user would download them.
import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { imageVariant } from './images.js'
import type { RehearsalPlan } from './plan.js'
import { laionet } from './run-steps.js'
import { LAYOUT, writeIfChanged } from './write-sources.js'

/** Where the rehearsal puts Fig. 9's sources, beside the captions file. */
export const FIG9_LAYOUT = {
  train: 'imagenet-captions/ILSVRC2012_img_train_selected',
  nearestImages: 'imagenet-captions/nearest-laion-images',
} as const

/**
 * Writes one training image per ImageNet-Captions entry, as `<train>/<wnid>/<filename>` (the ILSVRC-2012 train
 * layout): a seeded variant of the class's real ImageNet sample, so a class's images differ as photographs do.
 * @returns the images written
 */
export async function writeCaptionsTrainImages(root: string, plan: RehearsalPlan): Promise<number> {
  const entries = JSON.parse(readFileSync(join(root, LAYOUT.captions), 'utf8')) as { filename: string, wnid: string }[]
  const seen = new Map<string, number>()
  for (const e of entries) {
    const sample = plan.inputs.samples.get(e.wnid)
    if (!sample) throw new Error(`rehearse: no ImageNet sample for class ${e.wnid} of ${LAYOUT.captions}`)
    const k = seen.get(e.wnid) ?? 0
    seen.set(e.wnid, k + 1)
    const file = join(root, FIG9_LAYOUT.train, e.wnid, e.filename)
    await mkdir(dirname(file), { recursive: true })
    // Variants 100+ so that no training image repeats a validation one.
    await writeIfChanged(file, (await imageVariant(sample, 100 + k, plan.seed)).bytes)
  }
  return entries.length
}

/**
 * Fig. 9's sources: writes ImageNet-Captions' training images, runs the imagenet-captions experiment once to write
 * its download selection (`<outDir>/imagenet-captions/nearest-laion.parquet`), downloads that selection from the
 * server with `laionet download`, and names both folders in the configuration (`sources.imagenetCaptionsImages`,
 * `sources.nearestLaionImages`), so `experiment --all` computes Fig. 9 on the real branch.
 * @returns the counts and whether every step succeeded
 */
export async function rehearseFig9Sources(root: string, config: string, plan: RehearsalPlan, say: (line: string) => void): Promise<{ ok: boolean, trainImages: number, selection: string, download: unknown }> {
  const trainImages = await writeCaptionsTrainImages(root, plan)
  say(`fig9: ${trainImages} ImageNet-Captions training images into ${FIG9_LAYOUT.train}`)
  const raw = JSON.parse(readFileSync(config, 'utf8')) as { outDir: string, sources: Record<string, unknown> }
  delete raw.sources.nearestLaionImages // the selection is written by a run that does not read its images yet
  await writeIfChanged(config, JSON.stringify(raw, null, 2) + '\n')
  const selection = join(dirname(config), raw.outDir, 'imagenet-captions', 'nearest-laion.parquet')
  const exp = await laionet(['experiment', 'imagenet-captions', '--config', config, '--json'])
  say(`fig9: experiment imagenet-captions (writes the selection ${selection}): exit ${exp.code}`)
  const dl = await laionet(['download', '--input', selection, '--out', join(root, FIG9_LAYOUT.nearestImages), '--allow-loopback', '--retries', '1', '--json'])
  const download = dl.stdout.trim() ? JSON.parse(dl.stdout) as unknown : null
  say(`fig9: download of the selected LAION images: exit ${dl.code}`)
  raw.sources.nearestLaionImages = FIG9_LAYOUT.nearestImages
  raw.sources.imagenetCaptionsImages = FIG9_LAYOUT.train
  await writeIfChanged(config, JSON.stringify(raw, null, 2) + '\n')
  return { ok: exp.code === 0 && dl.code === 0, trainImages, selection, download }
}
