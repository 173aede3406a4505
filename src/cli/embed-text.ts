import { loadClip } from '../models/clip.js'
import { embedTexts } from '../models/embed-texts.js'
import { parseCommandArgs, UsageError } from './args.js'
import { CLIP_FLAGS, CLIP_FLAGS_USAGE, clipFlagOptions } from './clip-flags.js'
import { cliProgress } from './progress.js'
import { boundedLines } from './stdin-lines.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet embed-text --model <id|dir> [--batch-size N] [--threads N] [--device cpu|cuda] [--dtype fp32]
                     [--no-normalize] [--no-cache] < texts.jsonl

Reads JSON lines {"text": string} on stdin and writes JSON lines {"embedding": number[]} on stdout, in the
same order. CLIP text embeddings: captions truncated to 77 tokens with end-of-text kept, a missing or null
text embedded as "None" (as in the paper), L2-normalised unless --no-normalize. Results are cached under
<cache>/embeddings. --model is a local folder (e.g. ../shared/fixtures/models/tiny-random-clip) or a hub id
such as Xenova/clip-vit-base-patch32 (downloaded unless LAIONET_OFFLINE is set). A caption of any length costs
at most the work of its first 77 tokens (it is cut before tokenising).
${CLIP_FLAGS_USAGE}
`

/** Lines embedded per model round trip; bounds memory on long inputs. */
const CHUNK = 1024

const command: Command = {
  summary: 'CLIP text embeddings for JSON lines {"text"} on stdin',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      model: { type: 'string' }, dtype: { type: 'string' }, ...CLIP_FLAGS,
      'no-normalize': { type: 'boolean' }, 'no-cache': { type: 'boolean' },
    })
    if (!values.model) throw new UsageError('--model <id|dir> is required')
    const clip = await loadClip(values.model, clipFlagOptions(values))
    const options = { normalize: !values['no-normalize'], ...(values['no-cache'] ? { cache: false as const } : {}) }
    let pending: (string | null)[] = []
    // Progress on a terminal only: stdout carries the embeddings.
    const bar = cliProgress(io, 'embed-text', { unit: 'texts', json: values.json })
    let embedded = 0
    const flush = async () => {
      if (pending.length === 0) return
      const e = await embedTexts(clip, pending, options)
      for (let r = 0; r < e.rows; r++) io.stdout.write(JSON.stringify({ embedding: Array.from(e.data.subarray(r * e.dim, (r + 1) * e.dim)) }) + '\n')
      bar.update(embedded += e.rows)
      pending = []
    }
    try {
      let line = 0
      for await (const raw of boundedLines(io.stdin as AsyncIterable<Buffer | string>)) {
        line++
        if (raw.trim() === '') continue
        pending.push(parseTextLine(raw, line))
        if (pending.length >= CHUNK) await flush()
      }
      await flush()
    } finally {
      bar.end()
      await clip.dispose()
    }
    return 0
  },
}

function parseTextLine(raw: string, line: number): string | null {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new Error(`stdin line ${line} is not JSON (expected {"text": "..."}): ${raw.slice(0, 80)}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`stdin line ${line} is not an object (expected {"text": "..."})`)
  }
  const text = (value as { text?: unknown }).text
  if (text === undefined || text === null) return null
  if (typeof text !== 'string') throw new Error(`stdin line ${line}: "text" is a ${typeof text} (expected a string or null)`)
  return text
}

export default command
