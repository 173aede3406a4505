import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { encodeIndexPickle } from '../../scripts/rehearsal/labels-pickle.js'
import { defaultConfig } from '../../src/config/defaults.js'
import { laionetImageChunks } from '../../src/experiments/laionet-images.js'
import { createTarWriter } from '../../src/io/tar-writer.js'

// Fig. 6 embeds the first 100 LAIONet images of each class; with the authors' label file, "first" is their order.
describe('experiments: the first images per class follow the authors\' label file (sources.laionetLabels)', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-order-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  async function folder() {
    // The build's laionet.parquet: download row r is the build's row r, whose global index is 1e8 + 10 r.
    const build = join(dir, 'build')
    mkdirSync(build, { recursive: true })
    const wnids = ['n01440764', 'n01440764', 'n01440764', 'n01440764', 'n02123045', 'n02123045', 'n02123045']
    const global = wnids.map((_, r) => 100_000_000 + 10 * r)
    parquetWriteFile({ filename: join(build, 'laionet.parquet'), columnData: [
      { name: 'row', data: global.map(BigInt), type: 'INT64' },
      { name: 'wnid', data: wnids, type: 'STRING' },
    ] })
    const images = join(dir, 'images')
    mkdirSync(images, { recursive: true })
    const tar = await createTarWriter(join(images, '00000.tar'))
    for (const [r, wnid] of wnids.entries()) {
      const key = String(r).padStart(9, '0')
      await tar.add(`${key}.jpg`, Buffer.from([r]))
      await tar.add(`${key}.json`, Buffer.from(JSON.stringify({ key, row: r, wnid })))
    }
    await tar.close()
    // The authors list the tench rows as 3, 1, 0 (row 2 not at all) and the tabby rows as 6, 4.
    const labels = join(dir, 'labels.pkl')
    writeFileSync(labels, encodeIndexPickle({ n01440764: [global[3], global[1], global[0]], n02123045: [global[6], global[4]] }))
    const config = defaultConfig()
    config.sources.laionetImages = images
    config.sources.laionetBuild = join(build, 'laionet.parquet')
    return { config, labels }
  }

  const keys = async (config: ReturnType<typeof defaultConfig>, perClass: number) => {
    const out: string[] = []
    for await (const c of laionetImageChunks(config, { perClass })) out.push(...c.names.map((n) => n.split(':').pop()!))
    return out
  }

  it('keeps each class\'s first N in the authors\' order (then unlisted ones), and the shard order without the file', async () => {
    const { config, labels } = await folder()
    expect(await keys(config, 2)).to.deep.equal(['000000000', '000000001', '000000004', '000000005'])
    config.sources.laionetLabels = labels
    // tench: 3 then 1 (of 3, 1, 0); tabby: 6 then 4; yielded in shard order.
    expect(await keys(config, 2)).to.deep.equal(['000000001', '000000003', '000000004', '000000006'])
    // tench with 4: the three listed, then the unlisted row 2; tabby: its two listed, then row 5.
    expect(await keys(config, 4)).to.deep.equal(['000000000', '000000001', '000000002', '000000003', '000000004', '000000005', '000000006'])
    expect(await keys(config, 3)).to.deep.equal(['000000000', '000000001', '000000003', '000000004', '000000005', '000000006'])
  })
})
