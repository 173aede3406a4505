import { choiceFlag, parseCommandArgs, printJson } from './args.js'
import type { Command } from './types.js'
import { loadLemmaMap } from '../laionet/load-lemma-map.js'
import { lemmaMapJson } from '../laionet/lemma-map.js'

const command: Command = {
  summary: 'the lemma map {lemma: wnid} of the paper (1,825 lemmas, 995 classes) or of extended mode',
  usage: `Usage: laionet lemmas [--mode paper|extended] [--json]

Prints the lemma map the caption matcher searches: {lemma: wnid}. A lemma shared by several classes
(extended mode keeps them as candidates for the text filter) maps to a list of wnids.
  --mode paper      the authors' rule: lemmas held by exactly one class of the 1000 minus n03126707 (default)
  --mode extended   plus punctuation-free forms, plurals, shared lemmas as candidates, case folding
  --json            the map as JSON (default: a summary)`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { mode: { type: 'string', default: 'paper' } })
    const mode = choiceFlag('mode', values.mode, ['paper', 'extended'] as const)
    const map = await loadLemmaMap(mode)
    if (values.json) {
      printJson(io.stdout, lemmaMapJson(map), true)
      return 0
    }
    const unmatchable = map.entries.filter((e) => !e.matchable).length
    io.stdout.write(`${mode} lemma map: ${map.entries.length} entries over ${map.wnids.length} classes` +
      `${unmatchable ? ` (${unmatchable} unmatchable: they hold punctuation)` : ''}; ${map.shared.length} shared lemmas; ` +
      `${map.dropped.length} classes dropped: ${map.dropped.map((d) => d.wnid).join(', ') || 'none'}\n`)
    return 0
  },
}
export default command
