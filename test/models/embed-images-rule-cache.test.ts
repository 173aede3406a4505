import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { embedImages, loadClip, type Clip } from '../../src/index.js'
import type { ImageRule } from '../../src/models/image-rule.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { TINY_CLIP } from './golden.js'

// The embedding cache keys a chunk by the image rule too: a chunk cached under `convert` (every image has a row) is
// never served to a run under the authors' rule (the grayscale image must have no row), nor the other way round.
describe('models: the embedding cache keeps the image rules apart', function () {
  this.timeout(120_000)
  let clip: Clip
  let tmp: string
  before(async function () {
    skipWithoutShared(this, TINY_CLIP)
    clip = await loadClip(shared(TINY_CLIP), { threads: 1 })
    tmp = mkdtempSync(join(tmpdir(), 'laionet-rule-cache-'))
  })
  after(async () => {
    await clip?.dispose()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })

  it('a convert run\'s chunk is not reused under local or download; each rule\'s own chunk is (no image embedded again)', async () => {
    const files = ['n01440764_tench.JPEG', 'gray_tench.jpg', 'n01443537_goldfish.JPEG'].map((f) => shared(`fixtures/images/${f}`))
    const cache = join(tmp, 'cache')
    const run = async (imageRule: ImageRule) => {
      let embedded = 0
      const e = await embedImages(clip, files, { cache, imageRule, onBatch: (n) => { embedded += n } })
      return { embedded, rows: e.rows, rowOf: [...e.rowOf], dropped: e.errors.map((x) => [x.index, x.dropped]) }
    }
    const convert = { rows: 3, rowOf: [0, 1, 2], dropped: [] }
    const authors = { rows: 2, rowOf: [0, -1, 1], dropped: [[1, 'mode']] }
    expect(await run('convert')).to.deep.equal({ embedded: 3, ...convert })
    // Under the authors' rules the grayscale image (PIL mode L) has no row: computed, not read from convert's chunk.
    expect(await run('local')).to.deep.equal({ embedded: 2, ...authors })
    expect(await run('download')).to.deep.equal({ embedded: 2, ...authors })
    // Each rule's chunk is now cached: nothing embedded again, and the drop is remembered with its reason.
    expect(await run('local')).to.deep.equal({ embedded: 0, ...authors })
    expect(await run('convert')).to.deep.equal({ embedded: 0, ...convert })
  })
})
