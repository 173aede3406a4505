import { expect } from 'chai'
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { buildInto, type TextFilterModel } from '../../src/experiments/text-filter-model.js'
import { loadClip } from '../../src/models/clip.js'
import { projectContext, withContext, type LaionetContext } from '../../src/util/context.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { sampleCaptions, SAMPLE } from '../laionet/helpers.js'

describe('buildInto: a finished build is reused only for the same model files, lemma map, synset texts and settings', function () {
  this.timeout(180_000)
  let dir: string
  let context: LaionetContext
  let input: string
  let clipDir: string
  before(async function () {
    skipWithoutShared(this, SAMPLE)
    skipWithoutShared(this, 'fixtures/models/tiny-random-clip/config.json')
    dir = mkdtempSync(join(tmpdir(), 'laionet-reuse-'))
    context = projectContext({ dataMirror: shared('data'), cacheDir: join(dir, 'cache'), outDir: join(dir, 'out') })
    // 300 real captions in 3 row groups; the tiny random CLIP in a folder of our own, so one of its files can change.
    const captions = (await sampleCaptions()).slice(0, 300)
    input = join(dir, 'part-00000.parquet')
    parquetWriteFile({ filename: input, columnData: [{ name: 'URL', data: captions.map((_, i) => `https://example.com/${i}.jpg`), type: 'STRING' }, { name: 'TEXT', data: captions, type: 'STRING' }], rowGroupSize: 100 })
    clipDir = join(dir, 'clip')
    cpSync(shared('fixtures/models/tiny-random-clip'), clipDir, { recursive: true })
  })
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }) })

  // Builds with a freshly loaded model and returns the chunks it had to compute.
  const build = (out: string) => withContext(context, async () => {
    const model: TextFilterModel = { clip: await loadClip(clipDir, { context, offline: true }), spec: clipDir, tier: 'fixture', reason: 'tiny random CLIP' }
    const chunks: string[] = []
    try {
      const result = await buildInto([input], out, model, { threshold: 0.2, onChunk: (p) => { chunks.push(`${p.done}/${p.total}`) } })
      return { chunks, result }
    } finally {
      await model.clip.dispose()
    }
  })

  it('reuses the finished build for the same model, and rebuilds (keeping the old one aside) when a model file changed', async () => {
    const out = join(dir, 'out', 'laionet')
    const first = await build(out)
    expect(first.chunks).to.deep.equal(['1/3', '2/3', '3/3'])
    const again = await build(out)
    expect(again.chunks).to.deep.equal([])
    expect(again.result.summary).to.deep.equal(first.result.summary)
    const stateBefore = readFileSync(join(out, 'state.json'), 'utf8')

    // Same folder, same name, one changed file: another model as far as the build is concerned.
    appendFileSync(join(clipDir, 'config.json'), '\n')
    const changed = await build(out)
    expect(changed.chunks).to.deep.equal(['1/3', '2/3', '3/3'])
    expect(existsSync(join(`${out}.previous-1`, 'summary.json'))).to.equal(true)
    expect(readFileSync(join(`${out}.previous-1`, 'state.json'), 'utf8')).to.equal(stateBefore)
    const recorded = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')).config.modelFiles
    expect(recorded).to.be.a('string').and.not.equal(JSON.parse(stateBefore).config.modelFiles)
  })
})
