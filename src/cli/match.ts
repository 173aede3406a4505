import { lstatSync } from 'node:fs'
import { RANGES } from '../util/number-ranges.js'
import { loadConfig } from '../config/load-config.js'
import { LaionetError } from '../util/errors.js'
import { choiceFlag, parseCommandArgs, numberFlag, printJson, UsageError, inputFiles } from './args.js'
import { addCaptionText } from './match-text.js'
import { cliProgress } from './progress.js'
import type { Command } from './types.js'
import { matchCaptionFiles } from '../laionet/match-files.js'
import { cutWarning, MAX_CAPTION_BYTES } from '../laionet/read-captions.js'

const command: Command = {
  summary: 'find the LAION captions that name an ImageNet class (one pass for all lemmas, worker threads)',
  usage: `Usage: laionet match --input <file.parquet>... --out <file> [--mode paper|extended] [--format jsonl|parquet]
                     [--workers N] [--column TEXT] [--with-text] [--config file] [--json]

Streams each parquet file row group by row group and writes every caption that matches a lemma:
jsonl lines {"row": <global index>, "wnids": [...], "lemmas": [...]} or a parquet with the same columns.
The global index is part * 1e8 + row for LAION's part-NNNNN files, else file ordinal * 1e8 + row.
A file that fails (missing column, truncated, invalid UTF-8) is reported and left out; the others are written.
One match at a time per --out (<out>.lock names its pid); a write error names the file.
A caption over 64 KiB (65536 bytes of UTF-8) is matched on its first 64 KiB only, with a warning naming its row.
  --mode      paper (default: the authors' matcher, bit for bit) or extended
  --workers   matching threads, this one included (default: limits.workers of laionet.config.json when there is
              one, else the number of cores; 0 or 1 = this thread only; at most the cores and the row groups)
  --with-text add each matched caption as "text" (jsonl only; a second pass over the inputs)
  --config    the configuration file (default: ./laionet.config.json or LAIONET_CONFIG when present)
  --json      print the summary as JSON`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      input: { type: 'string', multiple: true },
      out: { type: 'string' },
      mode: { type: 'string', default: 'paper' },
      format: { type: 'string', default: 'jsonl' },
      workers: { type: 'string' },
      column: { type: 'string', default: 'TEXT' },
      'with-text': { type: 'boolean' },
      config: { type: 'string' },
    }, { positionals: true })
    const files = inputFiles(values.input, positionals)
    if (files.length === 0) throw new UsageError('--input: at least one parquet file is required')
    if (!values.out) throw new UsageError('--out: the output file is required')
    const mode = choiceFlag('mode', values.mode, ['paper', 'extended'] as const)
    const format = choiceFlag('format', values.format, ['jsonl', 'parquet'] as const)
    if (values['with-text'] && format !== 'jsonl') throw new UsageError('--with-text: caption text is written to jsonl output only (drop --format parquet)')
    // Usage errors first; then a missing input is named before anything runs or prints (no "0 of 0 captions matched" line, no output file).
    // lstat, not exists: a link that loops or dangles is there, and the matcher names what is wrong with it.
    const missing = files.filter((f) => { try { lstatSync(f); return false } catch { return true } })
    if (missing.length) {
      throw new LaionetError('match', `input file${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} not found. Check the path${missing.length > 1 ? 's' : ''} (nothing was written)`, { code: 'not-found', value: missing[0] })
    }
    const config = await loadConfig(values.config, { checkPaths: false })
    const workers = values.workers !== undefined ? numberFlag('workers', values.workers, 0, RANGES.workers)
      : config.file !== null ? config.limits.workers : undefined
    const bar = cliProgress(io, 'match', { unit: 'rows', json: values.json })
    const summary = await matchCaptionFiles(files, {
      mode, out: values.out, format, workers, column: values.column,
      // The thread cap names --workers: say it only to a user who gave --workers (a configured default is capped quietly).
      onWarning: (message) => { if (values.workers !== undefined || !/threads asked \(--workers\)/.test(message)) io.stderr.write(`${message}\n`) },
      onProgress: (p) => bar.update(p.rows, `${p.matched} matched; ${p.file} row group ${p.rowGroupsDone}/${p.rowGroups}`),
    })
    bar.end()
    // Only a fresh, complete output gets its text: a kept earlier file is left as it was.
    if (values['with-text'] && !summary.kept) await addCaptionText(summary.out, files, values.column ?? 'TEXT')
    for (const f of summary.files) {
      if (f.error) io.stderr.write(`${f.error}\n`)
      for (const c of f.cut.slice(0, 5)) io.stderr.write(`${cutWarning('match', f.file, c, MAX_CAPTION_BYTES)}\n`)
      if (f.cut.length > 5) io.stderr.write(`match: ${f.file}: ${f.cut.length - 5} more captions over ${MAX_CAPTION_BYTES} bytes were cut (see --json)\n`)
      if (!f.error && f.emptyCaptions > 0) io.stderr.write(`match: ${f.file}: ${f.emptyCaptions} null or empty captions never match (rows ${f.emptyRows.join(', ')}${f.emptyCaptions > f.emptyRows.length ? ', ...' : ''})\n`)
    }
    if (summary.kept) io.stderr.write(`match: ${summary.out} was kept as it was (a file failed); fix or drop the failed file and rerun\n`)
    if (values.json) printJson(io.stdout, summary, true)
    else io.stdout.write(`${summary.matched} of ${summary.rows} captions matched ${summary.classes} classes (${mode} mode) -> ${summary.out}${summary.failed ? `; ${summary.failed} file(s) failed` : ''}\n`)
    return summary.failed > 0 ? 1 : 0
  },
}
export default command
