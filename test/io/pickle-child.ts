// Parses a flood of one pickle opcode in a child process under a capped heap, so that a parser that runs out of memory
// fails its test instead of taking mocha down. Usage: node --import tsx test/io/pickle-child.ts <opcode hex> <count>
// Prints one JSON line: {"error": message} or {"size": keys}.
import { parseIndexPickle } from '../../src/io/pickle.js'

const [hex, count] = process.argv.slice(2)
// PROTO 4, EMPTY_DICT (the object), then the flood; no STOP.
const bytes = new Uint8Array(3 + Number(count)).fill(parseInt(hex, 16))
bytes.set([0x80, 4, 0x7d])
try {
  console.log(JSON.stringify({ size: parseIndexPickle(bytes, `flood-${hex}.pkl`).size }))
} catch (err) {
  console.log(JSON.stringify({ error: (err as Error).message }))
}
