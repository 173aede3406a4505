import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadClip, type Clip } from '../../src/index.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

/** The tiny random CLIP fixture folder. */
export const TINY_CLIP = 'fixtures/models/tiny-random-clip'

/**
 * Loads the tiny CLIP for a suite, skipping it when the fixture is absent, and with `tmpPrefix` makes a
 * temporary folder (else `tmp` is ''). Call from `before` with mocha's `this`; undo with {@link closeTinyClip}.
 */
export async function openTinyClip(ctx: Mocha.Context, tmpPrefix?: string): Promise<{ clip: Clip, tmp: string }> {
  skipWithoutShared(ctx, TINY_CLIP)
  const clip = await loadClip(shared(TINY_CLIP))
  return { clip, tmp: tmpPrefix ? mkdtempSync(join(tmpdir(), tmpPrefix)) : '' }
}

/** Disposes the CLIP and removes the folder of {@link openTinyClip} (either may be missing after a skip). */
export async function closeTinyClip(clip?: Clip, tmp?: string): Promise<void> {
  await clip?.dispose()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
}

/** One text of clip_golden.json: reference token ids and projected (unnormalised) embedding. */
export interface TextGolden { text: string, input_ids: number[], text_embeds: number[] }
/** One image of clip_golden.json. */
export interface ImageGolden { file: string, image_embeds: number[] }

/** Reads fixtures/golden/clip_golden.json. */
export function clipGolden(): { texts: TextGolden[], images: ImageGolden[] } {
  return JSON.parse(readFileSync(shared('fixtures/golden/clip_golden.json'), 'utf8'))
}

/** One image of classifier_golden.json. */
export interface ClassifierGolden { file: string, top5: number[], top5_logits: number[], logits_sha: number }

/** Reads fixtures/golden/classifier_golden.json for one tiny classifier. */
export function classifierGolden(model: 'tiny-random-vit' | 'tiny-random-resnet'): ClassifierGolden[] {
  return JSON.parse(readFileSync(shared('fixtures/golden/classifier_golden.json'), 'utf8'))[model]
}

/** Reads a little-endian float32 .npy written by numpy (the goldens) without the code under test. */
export function readFloat32Npy(rel: string): { shape: number[], data: Float32Array } {
  return readFloat32NpyFile(shared(rel))
}

/** {@link readFloat32Npy} of a file at an absolute path (goldens built into the cache). */
export function readFloat32NpyFile(file: string): { shape: number[], data: Float32Array } {
  const rel = file
  const buf = readFileSync(file)
  const len = buf.readUInt16LE(8)
  const header = buf.toString('latin1', 10, 10 + len)
  if (!header.includes("'<f4'")) throw new Error(`test: ${rel} is not float32`)
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1].split(',').map((s) => s.trim()).filter(Boolean).map(Number)
  const bytes = buf.subarray(10 + len)
  const data = new Float32Array(bytes.length / 4)
  new Uint8Array(data.buffer).set(bytes)
  return { shape, data }
}

/** Returns `v` divided by its L2 norm (computed here, independently of the code under test). */
export function unit(v: ArrayLike<number>): number[] {
  const n = Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0))
  return Array.from(v, (x) => x / n)
}

/** The 1000 classes read straight from ImageNetV2's class_info.json (cid order = sorted wnids). */
export function classInfoClasses(): { index: number, wnid: string, lemmas: string[], definition: string }[] {
  const info = JSON.parse(readFileSync(shared('data/imagenet/class_info.json'), 'utf8')) as { cid: number, wnid: string, synset: string[], gloss: string }[]
  return info.map((c) => ({ index: c.cid, wnid: c.wnid, lemmas: c.synset, definition: c.gloss.split('; "')[0] }))
}
