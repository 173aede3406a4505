import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { LaionetError } from '../util/errors.js'
import type { ImageNetCaption, ImageNetCaptionsOptions } from './types.js'

const WHERE = 'imagenet captions'
const KEY = 'sources.imagenetCaptions'
const WNID = /^n\d{8}$/
/** Largest JSON (not JSON-lines) file read whole: V8 strings stop near 512 MiB. */
const MAX_JSON_BYTES = 500 * 1024 * 1024

/**
 * The authors' caption of one ImageNet-Captions entry: `' '.join([title] + tags + [description])`
 * (scripts/preprocess/preprocess_imagenet_captions.py).
 * @example imageNetCaption({ title: 'Tench', tags: ['fish', 'lake'], description: 'caught today' }) // 'Tench fish lake caught today'
 */
export function imageNetCaption(entry: { title: string, tags: readonly string[], description: string }): string {
  return [entry.title, ...entry.tags, entry.description].join(' ')
}

function bad(path: string, at: string, what: string): LaionetError {
  return new LaionetError(WHERE, `${path}: ${at}: ${what}`, { code: 'invalid-input', fix: `Set ${KEY} to imagenet_captions.json of github.com/mlfoundations/imagenet-captions (a list of {filename, title, tags, description, wnid})` })
}

function checkEntry(path: string, at: string, value: unknown, wnids: ReadonlySet<string> | null): ImageNetCaption {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(path, at, `is ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}, not an object`)
  const e = value as Record<string, unknown>
  for (const key of ['filename', 'title', 'description', 'wnid'] as const) {
    if (typeof e[key] !== 'string') throw bad(path, at, `${key} is ${e[key] === undefined ? 'missing' : JSON.stringify(e[key])} (expected a string)`)
  }
  if (!Array.isArray(e.tags) || e.tags.some((t) => typeof t !== 'string')) throw bad(path, at, `tags is ${e.tags === undefined ? 'missing' : JSON.stringify(e.tags).slice(0, 80)} (expected a list of strings)`)
  const wnid = e.wnid as string
  if (!WNID.test(wnid)) throw bad(path, at, `wnid ${JSON.stringify(wnid)} is not a WordNet id (expected n + 8 digits)`)
  if (wnids && !wnids.has(wnid)) throw bad(path, at, `wnid ${wnid} is not one of the classes asked for`)
  const entry = { filename: e.filename as string, title: e.title as string, tags: e.tags as string[], description: e.description as string }
  return { filename: entry.filename, wnid, text: imageNetCaption(entry) }
}

async function* jsonLines(path: string): AsyncGenerator<[number, unknown]> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })
  let n = 0
  for await (const line of lines) {
    n++
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (err) {
      throw new LaionetError(WHERE, `${path}: line ${n} is not JSON (${(err as Error).message})`, { code: 'invalid-input', cause: err, fix: 'Repair the line or fetch the file again' })
    }
    yield [n, value]
  }
}

/**
 * Reads ImageNet-Captions (Fang et al.): `imagenet_captions.json`, a list of {filename, title, tags[], description,
 * wnid}, or the same entries as JSON lines (`.jsonl`, `.ndjson`, streamed). Each caption is the authors'
 * `' '.join([title] + tags + [description])`; duplicates of a file name keep the first entry and the result is
 * sorted by file name, as the authors' `df.groupby('ic_index').first()` leaves it.
 * @param file the captions file (sources.imagenetCaptions)
 * @param options wnids (refuse other classes), limit (stop after this many entries)
 * @returns one caption per training image: file name, wnid, caption
 * @throws when the file is missing, empty, not JSON, not a list, or an entry lacks a key (naming the entry)
 * @example const captions = await loadImageNetCaptions('imagenet_captions.json'); captions[0].text
 */
export async function loadImageNetCaptions(file: string, { wnids, limit = Infinity }: ImageNetCaptionsOptions = {}): Promise<ImageNetCaption[]> {
  const path = resolve(file)
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new LaionetError(WHERE, `${path} does not exist (${err.code})`, { code: 'not-found', value: path, cause: err, fix: `Set ${KEY} to imagenet_captions.json (unzip imagenet_captions.zip of github.com/mlfoundations/imagenet-captions)` })
  })
  if (info.size === 0) throw new LaionetError(WHERE, `${path} is empty (0 bytes)`, { code: 'invalid-input', value: path, fix: `Fetch imagenet_captions.json again and set ${KEY} to it` })
  const allowed = wnids ? new Set(wnids) : null
  const byName = new Map<string, ImageNetCaption>()
  const add = (at: string, value: unknown) => {
    const entry = checkEntry(path, at, value, allowed)
    if (!byName.has(entry.filename)) byName.set(entry.filename, entry)
  }
  let count = 0
  if (/\.(jsonl|ndjson)$/i.test(path)) {
    for await (const [line, value] of jsonLines(path)) {
      if (count++ >= limit) break
      add(`line ${line}`, value)
    }
  } else {
    if (info.size > MAX_JSON_BYTES) throw new LaionetError(WHERE, `${path} is ${info.size} bytes, too large to read as one JSON value`, { code: 'invalid-input', fix: 'Convert it to JSON lines (one entry per line, .jsonl) and set sources.imagenetCaptions to that' })
    let list: unknown
    try {
      list = JSON.parse(await readFile(path, 'utf8'))
    } catch (err) {
      throw new LaionetError(WHERE, `${path} is not JSON (${(err as Error).message})`, { code: 'invalid-input', cause: err, fix: `Fetch imagenet_captions.json again and set ${KEY} to it` })
    }
    if (!Array.isArray(list)) {
      const what = list === null ? 'null' : typeof list === 'object' ? `an object with keys ${Object.keys(list).slice(0, 5).join(', ')}` : typeof list
      throw new LaionetError(WHERE, `${path} is ${what}, not a list of captions`, { code: 'invalid-input', fix: `Set ${KEY} to imagenet_captions.json (a list of {filename, title, tags, description, wnid}), or a .jsonl with one entry per line` })
    }
    for (let i = 0; i < list.length && i < limit; i++) add(`entry ${i}`, list[i])
  }
  if (byName.size === 0) throw new LaionetError(WHERE, `${path} holds no captions`, { code: 'invalid-input', fix: `Set ${KEY} to a file with entries` })
  return [...byName.values()].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0))
}
