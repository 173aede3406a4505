import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { dataFolder } from '../data/data-path.js'
import { currentContext, type LaionetContext } from '../util/context.js'
import type { Clip } from './clip.js'
import { embedTexts } from './embed-texts.js'
import { compareReleasedImageEmbeddings } from './golden-check.js'
import { filesHash, hashFolder, readTrustedVerdict, writeVerdict, type HashedFile, type VerdictKind } from './verdict-cache.js'

// Is the loaded CLIP openai/clip-vit-base-patch32? Its name proves nothing (a hub can serve anything under it): its
// weights are asked instead. The 7 images of clip/golden-real come with ViT-B/32 embeddings released by
// clip-retrieval; the real weights reproduce them (cosine >= 0.99 each), any other model does not.
//
// The verdict is cached, because `laionet config` and every experiment ask again. A cache is a file anyone can edit or
// copy, so an entry is trusted only when (1) its HMAC-SHA256 verifies under a key kept outside the cache
// (`context.keyFile`, created 0600 on first use): a copied cache folder, a hand-edited "verified": true or an entry made
// on another machine fails it; (2) the model folder's files still have the size, mtime, ctime and inode recorded when
// their sha256 was taken (ctime changes on any write, even with a restored mtime), so new weights under the same path
// are never judged by an old verdict; (3) the golden files hash as they did; (4) the verdict follows from the stored
// cosines and today's threshold. Anything else is "not trusted" and the weights are checked again. Whoever can read the
// key can also edit this code: the MAC guards against stale, foreign and edited entries, not against the machine's owner.

/** The cosine every golden image must reach for the weights to count as ViT-B/32. */
export const CLIP_FINGERPRINT_MIN_COSINE = 0.99

const VERSION = 1
const GOLDEN = 'clip/golden-real/'

/** The body of a cached verdict (signed). */
interface VerdictBody {
  version: number
  folder: string
  files: HashedFile[]
  goldens: string
  threshold: number
  dim: number
  cosines: number[]
  verified: boolean
}

/** The answer to "are these weights openai/clip-vit-base-patch32?". */
export interface ClipWeightsCheck {
  /** True when every golden image's embedding has cosine >= {@link CLIP_FINGERPRINT_MIN_COSINE} with the released one. */
  verified: boolean
  /** The smallest of the 7 cosines (NaN when the embedding size is not 512, e.g. the tiny CLIP's 16). */
  cosine: number
  /** The model's image embedding size (512 for ViT-B/32). */
  dim: number
  /** sha256 over the model folder's files (relative path, size, content hash). */
  modelFiles: string
  /** True when the verdict came from a trusted cache entry, false when the weights were checked now. */
  cached: boolean
  /** One sentence: what was found, e.g. 'weights are not ViT-B/32: fingerprint cosine 0.02 (>= 0.99 required on 7 images)'. */
  reason: string
  /** When a cache entry existed but was not trusted: why (e.g. 'its signature does not verify'). */
  distrusted?: string
}

/**
 * Checks that a loaded CLIP is openai/clip-vit-base-patch32 by its weights: embeds the 7 golden-real images and
 * requires cosine >= 0.99 with each released ViT-B/32 embedding. A trusted cached verdict for the same files is
 * returned without embedding (see the comment at the top of this file for what "trusted" means); a fresh verdict
 * is signed and cached.
 * @param clip the loaded model
 * @param folder the model's folder on disk (for a hub id: its model-cache folder)
 * @param options `context` (cache folder, key file, data mirror)
 * @example (await checkClipWeights(clip, clip.source.path)).verified // false for the tiny random CLIP
 */
export async function checkClipWeights(clip: Clip, folder: string, { context = currentContext() }: { context?: LaionetContext } = {}): Promise<ClipWeightsCheck> {
  const cached = trustedClipVerdict(folder, { context })
  if (cached.check) return cached.check
  // Both towers first: a hub model's files arrive with its towers, and the verdict must cover all of them.
  const { dim } = await embedTexts(clip, ['a photo of a dog'], { cache: false })
  const goldenDir = await dataFolder(GOLDEN, { context })
  const rows = await compareReleasedImageEmbeddings(clip, goldenDir)
  const failed = rows.find((r) => r.error)
  if (failed) throw new Error(`clip: could not embed the golden image ${failed.file} (${failed.error}); the weights cannot be verified`)
  const cosines = rows.map((r) => (Number.isFinite(r.cosine) ? r.cosine : Number.NaN))
  const body: VerdictBody = {
    version: VERSION,
    folder: resolve(folder),
    files: await hashFolder(folder),
    goldens: goldenHash(goldenDir),
    threshold: CLIP_FINGERPRINT_MIN_COSINE,
    dim,
    cosines,
    verified: verdictOf(cosines),
  }
  await writeVerdict(CLIP_VERDICTS, body, context)
  return { ...describe(body, false), ...(cached.distrusted ? { distrusted: cached.distrusted } : {}) }
}

/**
 * Returns the cached verdict on a model folder's weights when it can be trusted (signed with this machine's key,
 * the same files, the same goldens, a verdict consistent with its cosines), without loading the model; otherwise
 * `check` is null and `distrusted` says why an existing entry was refused. Synchronous: `laionet config` and the
 * tier table call it.
 * @example trustedClipVerdict(clip.source.path).check?.verified
 */
export function trustedClipVerdict(folder: string, { context = currentContext() }: { context?: LaionetContext } = {}): { check: ClipWeightsCheck | null, distrusted?: string } {
  const { body, distrusted } = readTrustedVerdict(CLIP_VERDICTS, folder, context)
  return body ? { check: describe(body, true) } : { check: null, ...(distrusted ? { distrusted } : {}) }
}

function describe(body: VerdictBody, cached: boolean): ClipWeightsCheck {
  const cosine = body.cosines.length && body.cosines.every(Number.isFinite) ? Math.min(...body.cosines) : Number.NaN
  const n = body.cosines.length
  const reason = body.verified
    ? `weights verified as ViT-B/32: fingerprint cosine ${cosine.toFixed(4)} (>= ${body.threshold} on ${n} images)`
    : Number.isFinite(cosine)
      ? `weights are not ViT-B/32: fingerprint cosine ${cosine.toFixed(2)} (>= ${body.threshold} required on ${n} images)`
      : `weights are not ViT-B/32: image embeddings have ${body.dim} dimensions, ViT-B/32's have 512`
  return { verified: body.verified, cosine, dim: body.dim, modelFiles: filesHash(body.files), cached, reason }
}

const verdictOf = (cosines: number[]) => cosines.length > 0 && cosines.every((c) => Number.isFinite(c) && c >= CLIP_FINGERPRINT_MIN_COSINE)

/** CLIP's verdicts: signed over the goldens and cosines too; refused when the verdict does not follow from the cosines or the goldens changed. */
const CLIP_VERDICTS: VerdictKind<VerdictBody> = {
  dir: 'clip-verdicts',
  version: VERSION,
  threshold: CLIP_FINGERPRINT_MIN_COSINE,
  canonical: (b) => [b.version, b.folder, b.files, b.goldens, b.threshold, b.dim, b.cosines, b.verified],
  check: (b, context) => {
    if (b.verified !== verdictOf(b.cosines)) return 'its verdict does not follow from its cosines'
    const goldenDir = join(context.cacheDir, ...GOLDEN.split('/'))
    return !existsSync(goldenDir) || goldenHash(goldenDir) !== b.goldens ? 'the golden images changed since' : null
  },
}

function goldenHash(dir: string): string {
  const hash = createHash('sha256')
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isFile() && !name.startsWith('.')) hash.update(`${name}\0`).update(readFileSync(path))
  }
  return hash.digest('hex')
}
