import { expect } from 'chai'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compareSource, intraClassSource, writeNpy } from '../../src/index.js'

describe('experiments/intraClassSource', function () {
  this.timeout(60_000)
  const dir = mkdtempSync(join(tmpdir(), 'laionet-source-'))
  const noConfig = join(dir, 'none.json')
  writeFileSync(noConfig, '{}')

  // Two classes of 2-D unit vectors: in A class "x" is spread over 90 degrees, in B it is tight.
  const unit = (deg: number) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)]
  const aRows = [0, 30, 60, 90, 0, 10, 20, 30].map(unit).flat()
  const bRows = [0, 5, 10, 15, 0, 10, 20, 30].map(unit).flat()
  const labels = ['x', 'x', 'x', 'x', 'y', 'y', 'y', 'y']

  it('reads real embeddings named by LAIONET_EMBEDDINGS_A/B, labels beside them', async () => {
    await writeNpy(join(dir, 'a.npy'), { dtype: 'float32', shape: [8, 2], data: Float32Array.from(aRows) })
    await writeNpy(join(dir, 'b.npy'), { dtype: 'float32', shape: [8, 2], data: Float32Array.from(bRows) })
    writeFileSync(join(dir, 'a.json'), JSON.stringify(labels))
    writeFileSync(join(dir, 'b-labels.json'), JSON.stringify(labels))
    const env = { LAIONET_EMBEDDINGS_A: join(dir, 'a.npy'), LAIONET_EMBEDDINGS_B: join(dir, 'b.npy'), LAIONET_LABELS_B: join(dir, 'b-labels.json') }
    const source = await intraClassSource({ env, configFile: noConfig })
    expect(source.tier).to.equal('real')
    expect(source.origin).to.equal('env')
    expect(source.a.labels).to.deep.equal(labels)
    expect(source.b.labels).to.deep.equal(labels)
    const { a, b, comparison, figure } = await compareSource(source, { minPairs: 3 })
    // Hand-computed: class x in A has pair angles 30,60,90,30,60,30 -> mean of cosines.
    const cos = (d: number) => Math.cos((d * Math.PI) / 180)
    expect(a.get('x')!.mean).to.be.closeTo((3 * cos(30) + 2 * cos(60) + cos(90)) / 6, 1e-6)
    expect(b.get('x')!.mean).to.be.closeTo((3 * cos(5) + 2 * cos(10) + cos(15)) / 6, 1e-6)
    expect(comparison.compared).to.equal(2)
    expect(comparison.classes[0].delta).to.be.below(0)
    expect(figure.tier).to.equal('real')
    expect(figure.differences[0].rows[0].wnid).to.equal('x')
  })

  it('asks for both files when only one variable is set', async () => {
    const err = await intraClassSource({ env: { LAIONET_EMBEDDINGS_A: join(dir, 'a.npy') }, configFile: noConfig }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal('intra-class: set both LAIONET_EMBEDDINGS_A (LAIONet) and LAIONET_EMBEDDINGS_B (ImageNet) .npy files, or neither')
  })

  it('names the labels file when its length does not match', async () => {
    writeFileSync(join(dir, 'short.json'), JSON.stringify(['x']))
    const env = { LAIONET_EMBEDDINGS_A: join(dir, 'a.npy'), LAIONET_LABELS_A: join(dir, 'short.json'), LAIONET_EMBEDDINGS_B: join(dir, 'b.npy'), LAIONET_LABELS_B: join(dir, 'b-labels.json') }
    const err = await intraClassSource({ env, configFile: noConfig }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`intra-class: ${join(dir, 'short.json')} has 1 labels but ${join(dir, 'a.npy')} has 8 rows (expected one label per row)`)
  })

  it('reads the pair named in laionet.config.json', async () => {
    const file = join(dir, 'laionet.config.json')
    writeFileSync(file, JSON.stringify({ sources: { embeddings: {
      laionet: { file: 'a.npy', labels: 'a.json' }, imagenetVal: { file: 'b.npy', labels: 'b-labels.json' },
    } } }))
    const source = await intraClassSource({ env: {}, configFile: file })
    expect(source.origin).to.equal('config')
    expect(source.source).to.deep.equal(['a.npy', 'a.json', 'b.npy', 'b-labels.json'].map((f) => join(dir, f)))
    expect(source.tier).to.equal('real')
    expect(source.b.name).to.equal('ImageNet validation')
  })

  it('falls back to the simulated world, labelled simulated', async () => {
    const source = await intraClassSource({ env: {}, configFile: noConfig, config: { classes: 20, candidates: 4000 }, seed: 2 })
    expect(source.tier).to.equal('simulated')
    expect(source.origin).to.equal('simulated')
    expect(source.a.name).to.equal('text-only (LAIONet-like)')
    expect(source.a.X.length).to.equal(source.a.labels.length * source.a.d)
    expect(source.names?.get('c0001')).to.equal('violin')
  })
})
