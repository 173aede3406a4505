import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { parseCommandArgs, printJson } from './args.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet classes [--json]

The 1000 ILSVRC-2012 classes in classifier order (sorted wnid; 0 = n01440764 tench) with WordNet 3.0's lemmas,
definition (gloss cut at the first '; "') and example sentences, cross-checked against class_info.json and the
devkit's meta.mat (any disagreement is an error).
  --json   print a JSON array of {index, wnid, lemmas, definition, examples}
Without --json: one tab-separated line per class: index, wnid, lemmas (joined by ", "), definition.
`

const command: Command = {
  summary: 'the 1000 ImageNet classes: wnid, WordNet 3.0 lemmas and definition',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {})
    const classes = await loadImageNetClasses()
    if (values.json) printJson(io.stdout, classes)
    else io.stdout.write(classes.map((c) => `${c.index}\t${c.wnid}\t${c.lemmas.join(', ')}\t${c.definition}\n`).join(''))
    return 0
  },
}

export default command
