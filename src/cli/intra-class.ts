import { RANGES } from '../util/number-ranges.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { intraClassFiles } from '../metrics/intra-class-files.js'
import { numberFlag, parseCommandArgs, printJson, UsageError } from './args.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet intra-class --embeddings <a.npy> --labels <a.json> [--vs <b.npy> --vs-labels <b.json>]
                      [--max-per-class N] [--min-pairs 7] [--any-labels] [--json]

Per class: the mean and variance of the cosine similarity over all pairs of distinct images (exact,
without the n x n matrix), and the jackknife standard error of the mean. The .npy is an [images, width]
float16/float32 matrix of L2-normalised embeddings; the labels file a JSON array with one wnid per row.
--vs compares a with b class by class (classes with >= --min-pairs pairs on both sides) with the paper's
test (pairs treated as independent) and a corrected one (jackknife over images), and lists the classes
where they disagree. "lower" means a is significantly less self-similar (more diverse) than b.
--max-per-class keeps the first N rows of each class (the paper: the first 100 LAIONet images).
Rows are checked: a NaN, infinite or zero row is refused naming the row; rows that are not unit length are
normalised with a warning; labels that are not ImageNet class wnids are refused unless --any-labels.

JSON: without --vs, [{"wnid", "n", "pairs", "mean", "var", "se"}]; with --vs,
  {"classes": [{"wnid", "a", "b", "delta", "paper", "corrected"}], "compared", "skipped",
   "paper": {"lower", "higher", "lowerShare", "higherShare"}, "corrected": {...}, "disagreements"}.
`

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'n/a')
const share = (x: number) => `${(100 * x).toFixed(1)}%`

const command: Command = {
  summary: 'intra-class similarity per class of an embedding file, and the per-class test against another',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      embeddings: { type: 'string' }, labels: { type: 'string' }, vs: { type: 'string' }, 'vs-labels': { type: 'string' },
      'max-per-class': { type: 'string' }, 'min-pairs': { type: 'string' }, 'any-labels': { type: 'boolean' },
    })
    if (!values.embeddings || !values.labels) throw new UsageError('--embeddings <a.npy> and --labels <a.json> are required')
    if ((values.vs === undefined) !== (values['vs-labels'] === undefined)) throw new UsageError('--vs and --vs-labels go together')
    const maxPerClass = numberFlag('max-per-class', values['max-per-class'], Infinity, RANGES.count)
    const minPairs = numberFlag('min-pairs', values['min-pairs'], 7, RANGES.count)
    const vs: [string, string] | undefined = values.vs ? [values.vs, values['vs-labels']!] : undefined
    const knownLabels = values['any-labels'] ? undefined : new Set((await loadImageNetClasses()).map((c) => c.wnid))
    const result = await intraClassFiles([values.embeddings, values.labels], {
      vs, maxPerClass, minPairs, knownLabels, onWarning: (message) => io.stderr.write(`${message}\n`),
    })
    if (!result.comparison) {
      const rows = [...result.a].map(([wnid, s]) => ({ wnid, n: s.n, pairs: s.pairs, mean: s.mean, var: s.var, se: s.se }))
      if (values.json) printJson(io.stdout, rows)
      else {
        io.stdout.write('wnid        images   mean     var      se\n')
        for (const r of rows) io.stdout.write(`${r.wnid.padEnd(11)} ${String(r.n).padStart(6)}  ${f(r.mean)}  ${f(r.var)}  ${f(r.se)}\n`)
      }
      return 0
    }
    const c = result.comparison
    if (values.json) {
      printJson(io.stdout, {
        classes: c.classes.map(({ key, ...rest }) => ({ wnid: key, ...rest })),
        compared: c.compared, skipped: c.skipped, paper: c.paper, corrected: c.corrected, disagreements: c.disagreements,
      })
    } else {
      io.stdout.write('wnid        n(a)  n(b)  mean(a)  mean(b)  delta    paper   corrected\n')
      for (const k of c.classes) {
        io.stdout.write(`${k.key.padEnd(11)} ${String(k.a.n).padStart(4)}  ${String(k.b.n).padStart(4)}  ${f(k.a.mean)}   ${f(k.b.mean)}  ${k.delta >= 0 ? ' ' : ''}${f(k.delta)}  ${k.paper.verdict.padEnd(7)} ${k.corrected.verdict}\n`)
      }
      io.stdout.write(`${c.compared} classes compared (${c.skipped.length} skipped). a significantly lower / higher than b:\n`)
      io.stdout.write(`  paper's test:     ${share(c.paper.lowerShare)} / ${share(c.paper.higherShare)}\n`)
      io.stdout.write(`  corrected test:   ${share(c.corrected.lowerShare)} / ${share(c.corrected.higherShare)}\n`)
      io.stdout.write(`  tests disagree on ${c.disagreements.length} classes${c.disagreements.length ? `: ${c.disagreements.slice(0, 10).join(', ')}${c.disagreements.length > 10 ? ', ...' : ''}` : ''}\n`)
    }
    return 0
  },
}

export default command
