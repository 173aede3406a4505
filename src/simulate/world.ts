import { createRandom, type Random } from '../util/random.js'
import { resolveSimulationConfig } from './config.js'
import type { SimulationConfig, World } from './types.js'
import { dotRows, normalizeRow, randomUnit } from '../util/vectors.js'

/** How far a synset text sits from its class's image centre (text and image live in one CLIP-like space). */
const SYNSET_OFFSET = 0.6
/** Weight of the homonym's own class in a homonym caption's embedding: the word is there, the meaning is not. */
const HOMONYM_PULL = 0.3
/** Log-scale spread of the per-caption noise norm: some captions are terse and on topic, some are long and chatty. */
const CAPTION_NOISE_SPREAD = 0.5

/** Options of {@link createWorld}. */
export interface CreateWorldOptions {
  /** Seed of every random step. Default: 1. */
  seed?: number
}

/** The class structure: centres, synset texts, atypical modes and each class's homonym partner. */
interface Structure {
  centres: Float32Array
  synsets: Float32Array
  /** classes x modes x d offsets of the atypical modes from the centre. */
  modeOffsets: Float32Array
  /** classes x modes cumulative weights of the atypical modes (last = 1). */
  modeCumulative: Float64Array
  /** classes x modes noise norms of the atypical modes. */
  modeSpreads: Float64Array
  homonymOf: Int32Array
  captionDetail: Float64Array
}

/**
 * Generates the simulated world: class distributions with a stereotypical core and atypical modes, and a pool
 * of candidate (image, caption) pairs with their text, image and annotator measurements.
 * Independent random streams feed the structure, the images, the captions and the annotators, so changing a
 * caption dial leaves the images untouched (same seed): experiments compare dials on the same pictures.
 * Candidates alternate between two sources of equal size: even rows are the web crawl (LAION's pool), odd rows
 * the photo-sharing search (ImageNet's pool); both follow the same p(X, T | Y).
 * @param config a partial configuration (validated; defaults fill the rest).
 * @param options `seed` (default 1).
 * @returns the {@link World}, all arrays row-aligned by candidate.
 * @example createWorld({ classes: 10, candidates: 1000 }, { seed: 7 }).size // 1000
 */
export function createWorld(config: Partial<SimulationConfig> = {}, { seed = 1 }: CreateWorldOptions = {}): World {
  if (!Number.isInteger(seed)) throw new Error(`simulate: seed must be an integer, got ${seed}`)
  const cfg = resolveSimulationConfig(config)
  const root = createRandom(seed)
  const streams = { structure: root.fork(), images: root.fork(), captions: root.fork(), annotators: root.fork() }
  const d = cfg.dim
  const C = cfg.classes
  const n = cfg.candidates
  const s = buildStructure(cfg, streams.structure)

  const captionClass = new Int32Array(n)
  const imageClass = new Int32Array(n)
  const mode = new Uint8Array(n)
  const images = new Float32Array(n * d)
  const imageDraw: ImageDraw = { cfg, s, rng: streams.images, images, imageClass, mode }
  for (let i = 0; i < n; i++) {
    const y = Math.floor(i / 2) % C
    captionClass[i] = y
    drawImage(imageDraw, y, i)
  }

  const texts = new Float32Array(n * d)
  const matchedClass = new Int32Array(n)
  const homonym = new Uint8Array(n)
  const captionDraw: CaptionDraw = { cfg, s, rng: streams.captions, images, texts, matchedClass, homonym }
  for (let i = 0; i < n; i++) drawCaption(captionDraw, i, captionClass[i])

  const textSimilarity = new Float32Array(n)
  const imageSimilarity = new Float32Array(n)
  const typicality = new Float32Array(n)
  const clipScore = new Float32Array(n)
  const votes = new Uint8Array(n)
  const m = cfg.annotators
  const u = new Float64Array(m)
  for (let i = 0; i < n; i++) {
    const c = matchedClass[i]
    clipScore[i] = dotRows(images, i, texts, i, d)
    // Every candidate draws its m votes, matched or not, so the annotators' stream does not depend on captions.
    for (let a = 0; a < m; a++) u[a] = streams.annotators.next()
    if (c < 0) {
      textSimilarity[i] = imageSimilarity[i] = typicality[i] = NaN
      continue
    }
    textSimilarity[i] = dotRows(texts, i, s.synsets, c, d)
    imageSimilarity[i] = dotRows(images, i, s.synsets, c, d)
    typicality[i] = dotRows(images, i, s.centres, c, d)
    const p = 1 / (1 + Math.exp(-cfg.annotatorSharpness * (typicality[i] - cfg.annotatorCenter)))
    let k = 0
    for (let a = 0; a < m; a++) if (u[a] < p) k++
    votes[i] = k
  }

  return {
    config: cfg, seed, dim: d, classes: C, size: n,
    classCentres: s.centres, synsetTexts: s.synsets, homonymOf: s.homonymOf, captionDetail: s.captionDetail,
    captionClass, imageClass, mode, images, texts, matchedClass, homonym,
    textSimilarity, imageSimilarity, clipScore, typicality, votes,
    inPool: prefilter(clipScore, cfg.clipPrefilterDrop),
  }
}

function buildStructure(cfg: SimulationConfig, rng: Random): Structure {
  const { dim: d, classes: C, atypicalModes: K } = cfg
  const shared = new Float32Array(d)
  randomUnit(rng, shared, 0, d)
  const own = new Float32Array(d)
  const centres = new Float32Array(C * d)
  const synsets = new Float32Array(C * d)
  const a = Math.sqrt(cfg.classOverlap)
  const b = Math.sqrt(1 - cfg.classOverlap)
  for (let y = 0; y < C; y++) {
    randomUnit(rng, own, 0, d)
    for (let k = 0; k < d; k++) centres[y * d + k] = a * shared[k] + b * own[k]
    normalizeRow(centres, y * d, d)
    randomUnit(rng, own, 0, d)
    for (let k = 0; k < d; k++) synsets[y * d + k] = centres[y * d + k] + SYNSET_OFFSET * own[k]
    normalizeRow(synsets, y * d, d)
  }
  const modeOffsets = new Float32Array(C * K * d)
  const modeCumulative = new Float64Array(C * K)
  const modeSpreads = new Float64Array(C * K)
  // Atypical modes are partly shared styles (a drawing, a toy, snow): a drawing of a fox looks like a drawing
  // of an owl, which is what makes atypical images hard to classify.
  const styles = new Float32Array(K * d)
  for (let j = 0; j < K; j++) randomUnit(rng, styles, j * d, d)
  const st = Math.sqrt(cfg.styleShare)
  const ow = Math.sqrt(1 - cfg.styleShare)
  for (let y = 0; y < C; y++) {
    let total = 0
    for (let j = 0; j < K; j++) {
      const o = (y * K + j) * d
      randomUnit(rng, modeOffsets, o, d)
      for (let k = 0; k < d; k++) modeOffsets[o + k] = cfg.modeDistance * (st * styles[j * d + k] + ow * modeOffsets[o + k])
      // Unequal weights and spreads: some variations are common, some rare, some tight, some loose.
      const w = Math.exp(0.7 * rng.normal())
      total += w
      modeCumulative[y * K + j] = total
      modeSpreads[y * K + j] = cfg.atypicalSpread * (0.75 + 0.5 * rng.next())
    }
    for (let j = 0; j < K; j++) modeCumulative[y * K + j] /= total
  }
  const homonymOf = new Int32Array(C)
  for (let y = 0; y < C; y++) homonymOf[y] = (y + 1 + rng.int(C - 1)) % C
  const captionDetail = new Float64Array(C)
  for (let y = 0; y < C; y++) captionDetail[y] = cfg.captionDescribesImage ** Math.exp(-cfg.captionDetailSpread * rng.normal())
  return { centres, synsets, modeOffsets, modeCumulative, modeSpreads, homonymOf, captionDetail }
}

/** What drawing images needs: the world's dials and structure, its random stream, and the arrays it fills. */
interface ImageDraw {
  cfg: SimulationConfig
  s: Structure
  rng: Random
  /** Row-major unit image embeddings (filled). */
  images: Float32Array
  /** The class each image shows (filled; differs from its caption's class under label noise). */
  imageClass: Int32Array
  /** 0 for the core, j + 1 for atypical mode j (filled). */
  mode: Uint8Array
}

/** Draws image `i` of caption class `y` into the arrays of `draw`. */
function drawImage(draw: ImageDraw, y: number, i: number): void {
  const { cfg, s, rng, images, imageClass, mode } = draw
  const { dim: d, classes: C, atypicalModes: K } = cfg
  // Draw the noise decision and the mode every time, so the stream stays aligned across labelNoise values.
  const noisy = rng.next() < cfg.labelNoise
  const other = (y + 1 + rng.int(C - 1)) % C
  const c = noisy ? other : y
  imageClass[i] = c
  const u = rng.next()
  let j = -1
  if (K > 0 && u >= cfg.coreWeight) {
    const v = (u - cfg.coreWeight) / (1 - cfg.coreWeight)
    j = 0
    while (j < K - 1 && v >= s.modeCumulative[c * K + j]) j++
  }
  mode[i] = j + 1
  const spread = (j < 0 ? cfg.coreSpread : s.modeSpreads[c * K + j]) / Math.sqrt(d)
  const o = i * d
  for (let k = 0; k < d; k++) {
    const offset = j < 0 ? 0 : s.modeOffsets[(c * K + j) * d + k]
    images[o + k] = s.centres[c * d + k] + offset + spread * rng.normal()
  }
  normalizeRow(images, o, d)
}

/** What drawing captions needs: the world's dials and structure, its random stream, the images, and the arrays it fills. */
interface CaptionDraw {
  cfg: SimulationConfig
  s: Structure
  rng: Random
  /** The image embeddings drawn before (read). */
  images: Float32Array
  /** Row-major unit caption embeddings (filled). */
  texts: Float32Array
  /** The class a caption's lemma names, -1 when it names none (filled). */
  matchedClass: Int32Array
  /** 1 when the caption names a homonym of another class (filled). */
  homonym: Uint8Array
}

/** Draws the caption of candidate `i`, whose class is `y`, into the arrays of `draw`. */
function drawCaption(draw: CaptionDraw, i: number, y: number): void {
  const { cfg, s, rng, images, texts, matchedClass, homonym } = draw
  const d = cfg.dim
  const names = rng.next() < cfg.lemmaRate
  const isHomonym = rng.next() < cfg.homonymRate
  const noise = cfg.textNoise * Math.exp(CAPTION_NOISE_SPREAD * rng.normal()) / Math.sqrt(d)
  const h = s.homonymOf[y]
  matchedClass[i] = names ? (isHomonym ? h : y) : -1
  homonym[i] = names && isHomonym ? 1 : 0
  const rho = s.captionDetail[y]
  const pull = names && isHomonym ? HOMONYM_PULL : 0
  const o = i * d
  // T = the class's text, plus (rho) what the image shows beyond its class's stereotype, plus (1 - rho) chatter.
  for (let k = 0; k < d; k++) {
    const deviation = images[o + k] - s.centres[y * d + k]
    texts[o + k] = s.synsets[y * d + k] + pull * s.synsets[h * d + k] + rho * deviation + (1 - rho) * noise * rng.normal()
  }
  normalizeRow(texts, o, d)
}

/** Marks the candidates kept by a CLIP-score pre-filter that drops the lowest `drop` share (ties by row order). */
function prefilter(clipScore: Float32Array, drop: number): Uint8Array {
  const n = clipScore.length
  const keep = new Uint8Array(n).fill(1)
  const removed = Math.floor(drop * n)
  if (removed === 0) return keep
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((p, q) => clipScore[p] - clipScore[q] || p - q)
  for (let r = 0; r < removed; r++) keep[order[r]] = 0
  return keep
}
