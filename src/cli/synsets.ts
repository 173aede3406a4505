import { parseCommandArgs, printJson } from './args.js'
import type { Command } from './types.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { synsetTexts } from '../laionet/synset-texts.js'

const command: Command = {
  summary: 'the synset text "<name> which is <definition>" of every class, the text filter\'s query',
  usage: `Usage: laionet synsets [--json]

Prints {wnid: synset text} for all 1000 classes: the first lemma lowercased, " which is ", and the WordNet
definition without its example sentences (PAPER.md, Building LAIONet, step 3).
  --json   as one JSON object (default: one "wnid<TAB>text" line per class)`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {})
    const texts = synsetTexts(await loadImageNetClasses())
    if (values.json) printJson(io.stdout, texts, true)
    else for (const [wnid, text] of Object.entries(texts)) io.stdout.write(`${wnid}\t${text}\n`)
    return 0
  },
}
export default command
