import { choiceFlag, parseCommandArgs, numberFlag, printJson, throttled, UsageError, inputFiles } from './args.js'
import type { Command } from './types.js'
import { matchCaptionFiles } from '../laionet/match-files.js'

const command: Command = {
  summary: 'find the LAION captions that name an ImageNet class (one pass for all lemmas, worker threads)',
  usage: `Usage: laionet match --input <file.parquet>... --out <file> [--mode paper|extended] [--format jsonl|parquet]
                     [--workers N] [--column TEXT] [--json]

Streams each parquet file row group by row group and writes every caption that matches a lemma:
jsonl lines {"row": <global index>, "wnids": [...], "lemmas": [...]} or a parquet with the same columns.
The global index is part * 1e8 + row for LAION's part-NNNNN files, else file ordinal * 1e8 + row.
A file that fails (missing column, truncated, invalid UTF-8) is reported and left out; the others are written.
  --mode      paper (default: the authors' matcher, bit for bit) or extended
  --workers   worker threads (default: the number of cores; 0 = none)
  --json      print the summary as JSON`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      input: { type: 'string', multiple: true },
      out: { type: 'string' },
      mode: { type: 'string', default: 'paper' },
      format: { type: 'string', default: 'jsonl' },
      workers: { type: 'string' },
      column: { type: 'string', default: 'TEXT' },
    }, { positionals: true })
    const files = inputFiles(values.input, positionals)
    if (files.length === 0) throw new UsageError('--input: at least one parquet file is required')
    if (!values.out) throw new UsageError('--out: the output file is required')
    const mode = choiceFlag('mode', values.mode, ['paper', 'extended'] as const)
    const format = choiceFlag('format', values.format, ['jsonl', 'parquet'] as const)
    const workers = values.workers === undefined ? undefined : numberFlag('workers', values.workers, 0)
    const summary = await matchCaptionFiles(files, {
      mode, out: values.out, format, workers, column: values.column,
      onProgress: throttled(2000, (p) => {
        io.stderr.write(`match: ${p.file} row group ${p.rowGroupsDone}/${p.rowGroups}, ${p.rows} rows, ${p.matched} matched\n`)
      }),
    })
    for (const f of summary.files) {
      if (f.error) io.stderr.write(`${f.error}\n`)
      else if (f.emptyCaptions > 0) io.stderr.write(`match: ${f.file}: ${f.emptyCaptions} null or empty captions never match (rows ${f.emptyRows.join(', ')}${f.emptyCaptions > f.emptyRows.length ? ', ...' : ''})\n`)
    }
    if (values.json) printJson(io.stdout, summary, true)
    else io.stdout.write(`${summary.matched} of ${summary.rows} captions matched ${summary.classes} classes (${mode} mode) -> ${summary.out}${summary.failed ? `; ${summary.failed} file(s) failed` : ''}\n`)
    return summary.failed > 0 ? 1 : 0
  },
}
export default command
