import { fetchData, loadManifest, verifyData } from '../data/index.js'
import type { DataProgress } from '../data/index.js'
import { parseCommandArgs, printJson, UsageError } from './args.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet data fetch <name...> | --all [--verify] [--json]
                                                  make files present and verified in the cache
                                                  (a name ending in / takes the whole folder, e.g. imagenet/samples/;
                                                  --verify rehashes cached files instead of trusting their stamps)
  laionet data list [--json]                      every file in data/manifest.json (name, size, licence, url)
  laionet data verify [<name...>] [--json]        rehash cached files; exit 1 if any is missing or corrupt

Files come from LAIONET_DATA_MIRROR=<dir> when set (a local copy such as ../shared/data), else from their URLs.
The cache is LAIONET_CACHE, else data/cache. Names are as in data/manifest.json, e.g. imagenet/class_info.json.
`

function progress(stderr: NodeJS.WritableStream, verb: string): (p: DataProgress) => void {
  // One line per 100 files keeps logs readable when stderr is not a terminal.
  return ({ done, total, bytes }) => {
    if (total >= 20 && (done % 100 === 0 || done === total)) {
      stderr.write(`data: ${verb} ${done}/${total} files${bytes ? ` (${(bytes / 1e6).toFixed(1)} MB written)` : ''}\n`)
    }
  }
}

const command: Command = {
  summary: 'fetch, list and verify the data files (mirror or download, sha256-checked)',
  usage,
  async run(argv, io) {
    const [action, ...rest] = argv
    if (action === 'list') {
      const { values } = parseCommandArgs(rest, {})
      const { files } = await loadManifest()
      if (values.json) printJson(io.stdout, files)
      else for (const f of files) io.stdout.write(`${f.name}\t${f.size}\t${f.licence}\t${f.url ?? '(mirror only)'}\n`)
      return 0
    }
    if (action === 'fetch') {
      const { values, positionals } = parseCommandArgs(rest, { all: { type: 'boolean' }, verify: { type: 'boolean' } }, { positionals: true })
      if (values.all && positionals.length > 0) throw new UsageError('give file names or --all, not both')
      if (!values.all && positionals.length === 0) throw new UsageError('give file names or --all')
      const reports = await fetchData(values.all ? 'all' : positionals, { verify: values.verify ?? false, onProgress: progress(io.stderr, 'fetched') })
      if (values.json) {
        printJson(io.stdout, reports)
      } else {
        const count = (s: string) => reports.filter((r) => r.status === s).length
        const bytes = reports.reduce((sum, r) => sum + r.bytes, 0)
        io.stdout.write(`${reports.length} files verified: ${count('fetched')} fetched, ${count('mirrored')} mirrored, ` +
          `${count('cached')} already cached (${(bytes / 1e6).toFixed(1)} MB written)\n`)
      }
      return 0
    }
    if (action === 'verify') {
      const { values, positionals } = parseCommandArgs(rest, {}, { positionals: true })
      const reports = await verifyData(positionals.length ? positionals : 'all', { onProgress: progress(io.stderr, 'verified') })
      const bad = reports.filter((r) => r.status !== 'ok')
      if (values.json) {
        printJson(io.stdout, reports)
      } else {
        for (const r of bad) io.stdout.write(`${r.status}\t${r.name}\texpected ${r.expected}${r.actual ? `, got ${r.actual}` : ''}\n`)
        io.stdout.write(`${reports.length - bad.length} of ${reports.length} files ok` +
          (bad.length ? `; run "laionet data fetch --all" to restore the others\n` : '\n'))
      }
      return bad.length ? 1 : 0
    }
    throw new UsageError(action === undefined ? 'missing action (fetch, list or verify)' : `unknown action "${action}" (expected fetch, list or verify)`)
  },
}

export default command
