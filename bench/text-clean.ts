/**
 * Benchmark of src/models/text-clean*.ts, the paper tokenizer's cleaning (ftfy 6.3 fix_text, whitespace, lower case)
 * that runs before transformers.js tokenises a CLIP text. On the 10,000 real LAION captions: the cleaning as used
 * (fast path for plain ASCII), the full ftfy port on every caption (no fast path), and the tokenizer's own time on
 * the raw and on the cleaned captions (the baseline the cleaning adds to). Then the worst case we know: a 1 MB line
 * of mojibake, which every fixer and the encoding trials see whole.
 * Run: node --import tsx bench/text-clean.ts   (writes bench/results/<cpu>/text-clean.json; needs ../shared)
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parquetRows } from '../src/io/parquet-row-groups.js'
import { cleanClipText } from '../src/models/text-clean.js'
import { fixText } from '../src/models/text-clean-ftfy.js'
import { describeCpu } from '../src/util/cpu-features.js'
import { bestOf, writeResults } from './best-of.js'

const shared = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared')
const sample = join(shared, 'data/laion/laion400m-sample-10000.parquet')
if (!existsSync(sample)) {
  console.error(`bench/text-clean: ${sample} is missing; nothing to measure`)
  process.exit(1)
}
const captions: string[] = []
for await (const r of parquetRows(sample, { columns: ['TEXT'] })) captions.push(r.TEXT as string)

const { AutoTokenizer } = await import('@huggingface/transformers')
const tok = await AutoTokenizer.from_pretrained(join(shared, 'fixtures/models/tiny-random-clip')) as unknown as (t: string[], o: object) => unknown
const tokenizeAll = (texts: string[]) => { for (const t of texts) tok([t], { truncation: true, max_length: 77 }) }

const clean = bestOf(() => captions.map(cleanClipText))
const fullFtfy = bestOf(() => captions.map(fixText))
const tokenizeRaw = bestOf(() => tokenizeAll(captions))
const tokenizeClean = bestOf(() => tokenizeAll(clean.value))
const slow = captions.filter((c) => !/^[\t\n\f\r\x20-\x25\x27-\x3b\x3d-\x7e]*$/.test(c)).length

const line = 'CafÃ© â€œquotedâ€\x9d &amp; Ð¿Ñ€Ð¸Ð²ÐµÑ‚ '.repeat(25_000).slice(0, 1_000_000)
const worst = bestOf(() => cleanClipText(line), 1)

const results = {
  node: process.version, cpu: describeCpu(), when: new Date().toISOString(),
  captions: captions.length, notFastPath: slow,
  cleanMsPer10k: clean.ms, fullFtfyMsPer10k: fullFtfy.ms,
  tokenizeRawMsPer10k: tokenizeRaw.ms, tokenizeCleanedMsPer10k: tokenizeClean.ms,
  cleaningShareOfTokenizing: Math.round((1000 * clean.ms) / tokenizeRaw.ms) / 1000,
  mojibakeLine1MB: { chars: line.length, ms: worst.ms, outChars: worst.value.length },
}
console.log(JSON.stringify(results, null, 2))
console.log(`wrote ${writeResults('text-clean', results)}`)
