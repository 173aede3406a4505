import { choiceFlag, parseCommandArgs, numberFlag, printJson, UsageError, inputFiles } from './args.js'
import type { Command } from './types.js'
import { buildLaionet } from '../laionet/build.js'
import { clipTextEmbedder } from '../laionet/clip-text-embedder.js'
import { loadClip } from '../models/clip.js'

const command: Command = {
  summary: 'build LAIONet: lemma match, CLIP text similarity > 0.82, single class, NSFW filter (resumable)',
  usage: `Usage: laionet build --input <file.parquet>... --model <id|dir> --out <dir> [--threshold 0.82] [--top-k K]
                     [--mode paper|extended] [--column TEXT] [--json]

Matches captions to lemmas, drops multi-class captions, embeds captions and synset texts with CLIP
(cached by content), keeps similarity > threshold and NSFW == "UNLIKELY" (when the column exists).
Resumable: rerun the same command after an interruption; finished row groups are not redone.
Writes <out>/laionet.parquet (row, url, caption, wnid, similarity), labels.json {wnid: rows},
candidates.parquet (all similarities, for the threshold sweep) and summary.json.
  --model      CLIP: a hub id (Xenova/clip-vit-base-patch32) or a local model folder
  --threshold  keep similarity strictly above (default 0.82)
  --top-k      instead, keep the K most similar captions per class (Appendix B: 50)`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      input: { type: 'string', multiple: true },
      model: { type: 'string' },
      out: { type: 'string' },
      threshold: { type: 'string' },
      'top-k': { type: 'string' },
      mode: { type: 'string', default: 'paper' },
      column: { type: 'string', default: 'TEXT' },
    }, { positionals: true })
    const files = inputFiles(values.input, positionals)
    if (files.length === 0) throw new UsageError('--input: at least one parquet file is required')
    if (!values.model) throw new UsageError('--model: a CLIP hub id or model folder is required')
    if (!values.out) throw new UsageError('--out: the output folder is required')
    const mode = choiceFlag('mode', values.mode, ['paper', 'extended'] as const)
    const threshold = numberFlag('threshold', values.threshold, 0.82)
    const topK = values['top-k'] === undefined ? undefined : numberFlag('top-k', values['top-k'], 50)
    const clip = await loadClip(values.model)
    try {
      const summary = await buildLaionet(files, {
        embed: clipTextEmbedder(clip), model: values.model, out: values.out, mode, threshold, topK, column: values.column,
        onChunk: (p) => { io.stderr.write(`build: ${p.file} row group ${p.rowGroup} committed (${p.done}/${p.total})\n`) },
      })
      for (const e of summary.errors) io.stderr.write(`${e.error}\n`)
      if (values.json) printJson(io.stdout, summary, true)
      else io.stdout.write(`${summary.samples} samples over ${summary.classes} classes (of ${summary.matched} matched captions in ${summary.rows} rows) -> ${values.out}\n`)
      return summary.errors.length > 0 ? 1 : 0
    } finally {
      await clip.dispose()
    }
  },
}
export default command
