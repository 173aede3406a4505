// Run by download-images.test.ts as a separate process that the test kills with SIGKILL mid-run.
import { downloadImages } from '../../src/download/download-images.js'

const [input, out] = process.argv.slice(2)
await downloadImages([input], out, { allowLoopback: true, concurrency: 4, shardSize: 7, maxSide: 256, backoffMs: 5 })
