// Runs a build in a child process and SIGKILLs itself right after chunk number `killAfter` is committed.
// Usage: node --import tsx test/laionet/build-child.ts <input.parquet> <out dir> <killAfter>
import { buildLaionet } from '../../src/index.js'
import { fakeEmbedder } from './fake-embed.js'

const [input, out, killAfter] = process.argv.slice(2)
const { embed } = fakeEmbedder()
await buildLaionet([input], {
  embed, model: 'fake-8d', out, threshold: 0.2,
  onChunk: ({ done }) => {
    if (done >= Number(killAfter)) process.kill(process.pid, 'SIGKILL')
  },
})
