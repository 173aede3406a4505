// Lists tar archives in a child process, so that a reader that loops forever fails its test (the parent's timeout)
// instead of hanging mocha. Usage: node --import tsx test/io/tar-child.ts <file>...
// Prints one JSON line: per file, {parse, stream}: each [name, size] pairs or {"error": message}.
import { readFileSync } from 'node:fs'
import { parseTar, tarEntries } from '../../src/io/tar-reader.js'

const out = []
for (const file of process.argv.slice(2)) {
  let parse: unknown
  let stream: unknown
  try {
    parse = parseTar(readFileSync(file), file).map((e) => [e.name, e.size])
  } catch (err) {
    parse = { error: (err as Error).message }
  }
  try {
    const listed = []
    for await (const e of tarEntries(file, { contents: true })) listed.push([e.name, e.size])
    stream = listed
  } catch (err) {
    stream = { error: (err as Error).message }
  }
  out.push({ parse, stream })
}
console.log(JSON.stringify(out))
