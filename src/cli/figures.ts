import { join } from 'node:path'
import { renderFigures } from '../plots/render.js'
import { outDir } from '../util/paths.js'
import { parseCommandArgs, printJson } from './args.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet figures [--from DIR] [--to DIR] [--json]

Renders every figure spec the notebooks saved (DIR/<id>.json, written by showFigure(fig, { id })) to
<id>.png and <id>.svg in one headless Chromium (/usr/bin/chromium, or LAIONET_CHROMIUM).
  --from DIR   folder of specs. Default: <out>/figures (LAIONET_OUT or out/)
  --to DIR     where to write. Default: the --from folder
  --json       print [{id, png, svg}]
`

const command: Command = {
  summary: 'render the saved figure specs to PNG and SVG in headless Chromium',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { from: { type: 'string' }, to: { type: 'string' } })
    const from = values.from ?? join(outDir(), 'figures')
    const rendered = await renderFigures(from, values.to ?? from)
    if (values.json) printJson(io.stdout, rendered)
    else io.stdout.write(rendered.map((r) => `${r.id}\t${r.png}\t${r.svg}\n`).join(''))
    return 0
  },
}

export default command
