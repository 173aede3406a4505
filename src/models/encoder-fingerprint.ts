import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { dataFolder } from '../data/data-path.js'
import { currentContext, type LaionetContext } from '../util/context.js'
import { embedImages } from './embed-images.js'
import type { ImageModel } from './types.js'
import { filesHash, hashFolder, readTrustedVerdict, writeVerdict, type HashedFile, type VerdictKind } from './verdict-cache.js'

// Are an image encoder's weights pretrained (ViT, ConvNeXt, BEiT of models.imageEncoders), or random? No released
// embeddings of those models exist here to compare with, as CLIP's fingerprint does, so the test asks what any
// pretrained image network does and a random one cannot: on 20 real ImageNet images of dog classes and 20 of other
// classes (the mirror's imagenet/samples, one image per class), a dog-dog pair must be more similar than a dog-other
// pair (the AUC over all such pairs of pair cosines). Calibrated offline on the one real network at hand, MobileNetV2
// (its 1000 logits as features): AUC 0.926, nearest neighbour of a dog a dog for 19 of 20; the tiny random fixtures:
// ViT 0.554, ConvNeXt 0.482, BEiT 0.536 (chance 0.5). The bar, 0.75, sits between; ImageNet-trained ViT/ConvNeXt/BEiT
// features are expected far above it (they classify these 118 breeds). The verdict is cached and trusted as CLIP's is
// (clip-fingerprint.ts): an HMAC under the machine's key, the model files' stat fields, the images' hash.

/** The AUC a model's features must reach on the dog / other pairs to count as pretrained. */
export const ENCODER_CHECK_MIN_AUC = 0.75

const VERSION = 1
const SAMPLES = 'imagenet/samples/'
/** Sorted-wnid positions 151..268 are ImageNet's 118 dog classes: every 6th of them, and 20 others spread. */
const DOGS = Array.from({ length: 20 }, (_, k) => 151 + 6 * k)
const OTHERS = Array.from({ length: 20 }, (_, k) => (k < 3 ? k * 50 : 300 + 35 * (k - 3)))

interface VerdictBody { version: number, folder: string, files: HashedFile[], images: string, threshold: number, auc: number, verified: boolean }

/** The answer to "are these encoder weights pretrained?". */
export interface EncoderWeightsCheck {
  verified: boolean
  /** AUC of dog-dog over dog-other pair cosines on the 40 images. */
  auc: number
  modelFiles: string
  cached: boolean
  reason: string
  distrusted?: string
}

/** The 40 images of the check, dogs first, from the mirror's one-image-per-class samples (sorted by wnid). */
async function encoderCheckImages(context: LaionetContext = currentContext()): Promise<{ files: string[], dogs: number }> {
  const dir = await dataFolder(SAMPLES, { context })
  const all = readdirSync(dir).filter((f) => /^n\d{8}_.*\.jpe?g$/i.test(f)).sort()
  if (all.length < 1000) throw new Error(`encoder check: ${dir} has ${all.length} ImageNet samples (expected 1000, one per class)`)
  return { files: [...DOGS, ...OTHERS].map((i) => join(dir, all[i])), dogs: DOGS.length }
}

/** AUC of the dog-dog pair cosines over the dog-other ones (ties count half); rows need not be normalised. */
export function dogPairAuc(X: ArrayLike<number>, d: number, n: number, dogs: number): number {
  const norm = Array.from({ length: n }, (_, i) => {
    let s = 0
    for (let k = 0; k < d; k++) s += X[i * d + k] ** 2
    return Math.sqrt(s) || 1
  })
  const cos = (i: number, j: number) => {
    let s = 0
    for (let k = 0; k < d; k++) s += X[i * d + k] * X[j * d + k]
    return s / (norm[i] * norm[j])
  }
  const pos: number[] = []
  const neg: number[] = []
  for (let i = 0; i < dogs; i++) {
    for (let j = i + 1; j < dogs; j++) pos.push(cos(i, j))
    for (let j = dogs; j < n; j++) neg.push(cos(i, j))
  }
  let wins = 0
  for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0
  return wins / (pos.length * neg.length)
}

/**
 * Checks that an image encoder's weights are pretrained: its features must separate dog images from others
 * (AUC >= {@link ENCODER_CHECK_MIN_AUC}); a trusted cached verdict for the same files is returned without embedding.
 * @param folder the model's folder on disk
 * @example (await checkImageEncoderWeights(vit, vit.source.path)).verified // false for the tiny random ViT
 */
export async function checkImageEncoderWeights(model: ImageModel, folder: string, { context = currentContext() }: { context?: LaionetContext } = {}): Promise<EncoderWeightsCheck> {
  const cached = trustedEncoderVerdict(folder, { context })
  if (cached.check) return cached.check
  const { files, dogs } = await encoderCheckImages(context)
  const e = await embedImages(model, files, { cache: false })
  if (e.errors.length) throw new Error(`encoder check: could not embed ${e.errors[0].file} (${e.errors[0].error})`)
  const auc = dogPairAuc(e.data, e.dim, files.length, dogs)
  const body: VerdictBody = { version: VERSION, folder: resolve(folder), files: await hashFolder(folder), images: imagesHash(files), threshold: ENCODER_CHECK_MIN_AUC, auc, verified: auc >= ENCODER_CHECK_MIN_AUC }
  await writeVerdict(ENCODER_VERDICTS, body, context)
  return { ...describe(body, false), ...(cached.distrusted ? { distrusted: cached.distrusted } : {}) }
}

/**
 * The cached verdict on an encoder folder when it can be trusted (signed with this machine's key, the same files and
 * images, a verdict that follows from its AUC), without loading anything; else `check` is null.
 * @example trustedEncoderVerdict('/models/vit-base-patch16-224').check?.verified
 */
export function trustedEncoderVerdict(folder: string, { context = currentContext() }: { context?: LaionetContext } = {}): { check: EncoderWeightsCheck | null, distrusted?: string } {
  const { body, distrusted } = readTrustedVerdict(ENCODER_VERDICTS, folder, context)
  return body ? { check: describe(body, true) } : { check: null, ...(distrusted ? { distrusted } : {}) }
}

/** The image encoders' verdicts: signed over the check images and the AUC too; refused when the verdict does not follow from the AUC. */
const ENCODER_VERDICTS: VerdictKind<VerdictBody> = {
  dir: 'encoder-verdicts',
  version: VERSION,
  threshold: ENCODER_CHECK_MIN_AUC,
  canonical: (b) => ['image-encoder', b.version, b.folder, b.files, b.images, b.threshold, b.auc, b.verified],
  check: (b) => (b.verified !== (b.auc >= ENCODER_CHECK_MIN_AUC) ? 'its verdict does not follow from its AUC' : null),
}

function describe(body: VerdictBody, cached: boolean): EncoderWeightsCheck {
  const reason = body.verified
    ? `weights pass the pretrained-features check: dog/other AUC ${body.auc.toFixed(3)} (>= ${body.threshold} on 40 ImageNet samples)`
    : `weights fail the pretrained-features check: dog/other AUC ${body.auc.toFixed(3)} (>= ${body.threshold} required on 40 ImageNet samples; random weights give about 0.5)`
  return { verified: body.verified, auc: body.auc, modelFiles: filesHash(body.files), cached, reason }
}

function imagesHash(files: string[]): string {
  const h = createHash('sha256')
  for (const f of files) h.update(`${f.split('/').pop()}\0`).update(readFileSync(f))
  return h.digest('hex')
}
