import { RANGES } from '../util/number-ranges.js'
import { choiceFlag, parseCommandArgs, numberFlag, printJson, UsageError, inputFiles } from './args.js'
import type { Command } from './types.js'
import { buildLaionet } from '../laionet/build.js'
import { shardFlag } from './merge.js'
import { clipTextEmbedder } from '../laionet/clip-text-embedder.js'
import { TEXT_ENCODER_THRESHOLDS } from '../laionet/text-filter.js'
import { loadClip } from '../models/clip.js'
import { loadSentenceEncoder } from '../models/sentence-encoder.js'
import { cliProgress } from './progress.js'
import { CLIP_FLAGS, CLIP_FLAGS_USAGE, clipFlagOptions } from './clip-flags.js'

const command: Command = {
  summary: 'build LAIONet: lemma match, CLIP text similarity > 0.82, single class, NSFW filter (resumable)',
  usage: `Usage: laionet build --input <file.parquet>... --model <id|dir> --out <dir> [--text-encoder clip|mpnet]
                     [--threshold 0.82] [--top-k K]
                     [--mode paper|extended] [--column TEXT] [--shard i/n] [--batch-size N] [--threads N]
                     [--device cpu|cuda] [--json]

Matches captions to lemmas, drops multi-class captions, embeds captions and synset texts with CLIP
(cached by content), keeps similarity > threshold and NSFW == "UNLIKELY" (when the column exists).
Resumable: rerun the same command after an interruption; finished row groups are not redone. A second build
into the same --out while one runs is refused (<out>/laionet.lock names its pid). A resume whose
inputs, model files, lemma map, synset texts or column changed is refused, naming the change; a run with a failed
file never replaces an earlier build's outputs. Progress on stderr when it is a terminal.
Writes <out>/laionet.parquet (row, url, caption, wnid, similarity), labels.json {wnid: rows},
candidates.parquet (all similarities, for the threshold sweep) and summary.json.
  --model      the text encoder: a hub id (Xenova/clip-vit-base-patch32, Xenova/all-mpnet-base-v2) or a local
               model folder
  --text-encoder  clip (the paper) or mpnet (Appendix A: all-mpnet-base-v2, mean pooling then L2 normalisation,
               as sentence-transformers; threshold 0.58) (default clip)
  --threshold  keep similarity strictly above, in [-1, 1] (default 0.82 with clip, 0.58 with mpnet)
  --top-k      instead, keep the K most similar captions per class (Appendix B: 50); not with --threshold
  --shard      i/n: build only shard i (from 0) of n, for a job array (row groups go round-robin to the shards);
               then \`laionet merge --out <dir> <shard folders>\` writes exactly what one machine would
${CLIP_FLAGS_USAGE}
A caption or URL over 64 KiB (65536 bytes) is cut to it, with a warning naming the row.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      input: { type: 'string', multiple: true },
      model: { type: 'string' },
      out: { type: 'string' },
      threshold: { type: 'string' },
      'top-k': { type: 'string' },
      shard: { type: 'string' },
      mode: { type: 'string', default: 'paper' },
      'text-encoder': { type: 'string', default: 'clip' },
      column: { type: 'string', default: 'TEXT' },
      ...CLIP_FLAGS,
    }, { positionals: true })
    const files = inputFiles(values.input, positionals)
    if (files.length === 0) throw new UsageError('--input: at least one parquet file is required')
    const textEncoder = choiceFlag('text-encoder', values['text-encoder'], ['clip', 'mpnet'] as const)
    if (!values.model) throw new UsageError(`--model: ${textEncoder === 'clip' ? 'a CLIP' : 'an MPNet'} hub id or model folder is required`)
    if (!values.out) throw new UsageError('--out: the output folder is required')
    const mode = choiceFlag('mode', values.mode, ['paper', 'extended'] as const)
    // Checked before any work: a cosine similarity lies in [-1, 1], and top-k replaces the threshold.
    if (values.threshold !== undefined && values['top-k'] !== undefined) throw new UsageError('--threshold and --top-k exclude each other (top-k keeps the K most similar captions per class instead of thresholding)')
    const threshold = numberFlag('threshold', values.threshold, TEXT_ENCODER_THRESHOLDS[textEncoder], RANGES.cosine)
    const topK = values['top-k'] === undefined ? undefined : numberFlag('top-k', values['top-k'], 50, RANGES.count)
    const shard = values.shard === undefined ? undefined : shardFlag(values.shard)
    const flags = clipFlagOptions(values)
    if (textEncoder === 'mpnet' && flags.device === 'cuda') throw new UsageError('--device cuda: the MPNet encoder runs on the CPU only')
    const clip = textEncoder === 'clip' ? await loadClip(values.model, flags) : await loadSentenceEncoder(values.model, { threads: flags.threads, batchSize: flags.batchSize })
    const bar = cliProgress(io, 'build', { unit: 'row groups', json: values.json })
    try {
      const summary = await buildLaionet(files, {
        embed: clipTextEmbedder(clip), model: values.model, modelFolder: clip.source.path, out: values.out, textEncoder, mode, threshold, topK, column: values.column, shard,
        onWarning: (message) => { io.stderr.write(`${message}\n`) },
        onChunk: (p) => {
          bar.setTotal(p.total)
          bar.update(p.done, p.file)
        },
      })
      bar.end()
      for (const e of summary.errors) io.stderr.write(`${e.error}\n`)
      if (summary.kept) {
        io.stderr.write(summary.errors.length === summary.files.length
          ? `build: every input failed, so nothing was written to ${values.out}\n`
          : `build: the outputs of the earlier build in ${values.out} were kept (a file failed); fix or drop the failed file and rerun\n`)
      }
      if (values.json) printJson(io.stdout, summary, true)
      else io.stdout.write(`${summary.samples} samples over ${summary.classes} classes (of ${summary.matched} matched captions in ${summary.rows} rows) -> ${values.out}\n`)
      return summary.errors.length > 0 ? 1 : 0
    } finally {
      bar.end()
      await clip.dispose()
    }
  },
}
export default command
