import { expect } from 'chai'
import { readFileSync, statSync } from 'node:fs'
import { dataPath } from '../../src/index.js'
import { loadManifest, parseManifest } from '../../src/data/index.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { rejection } from './fixtures.js'

describe('data/manifest', () => {
  it('lists every file of ../shared/data/SHA256SUMS with its sha256 and mirror size', async function () {
    skipWithoutShared(this, 'data/SHA256SUMS')
    const sums = readFileSync(shared('data/SHA256SUMS'), 'utf8').trim().split('\n').map((l) => {
      const [hash, name] = l.split(/\s+\*?/, 2)
      return { hash, name: name.replace(/^\.\//, '') }
    })
    const { files } = await loadManifest()
    expect(files.map((f) => f.name)).to.deep.equal(sums.map((s) => s.name))
    expect(files.map((f) => f.sha256)).to.deep.equal(sums.map((s) => s.hash))
    for (const f of files) expect(f.size, f.name).to.equal(statSync(shared(`data/${f.name}`)).size)
  })

  it('gives each file an https URL with percent-encoded names, or null with a note', async () => {
    const { files } = await loadManifest()
    expect(files.length).to.equal(1072)
    for (const f of files) {
      if (f.url === null) {
        expect(f.note, f.name).to.be.a('string').and.match(/upstream/)
        continue
      }
      expect(f.url, f.name).to.match(/^https:\/\/(raw|media)\.githubusercontent\.com\/[^ ']+$/)
      expect(f.licence, f.name).to.be.a('string').and.not.equal('')
    }
    const lantern = files.find((f) => f.name === "imagenet/samples/n03590841_jack-o'-lantern.JPEG")!
    expect(lantern.url).to.equal('https://raw.githubusercontent.com/EliSchwartz/imagenet-sample-images/master/n03590841_jack-o%27-lantern.JPEG')
    const onnx = files.find((f) => f.name === 'models/mobilenetv2-12-int8.onnx')!
    expect(onnx.url).to.match(/^https:\/\/media\.githubusercontent\.com\/media\/onnx\/models\//)
  })

  it('rejects an unknown name and lists close names', async () => {
    const err = await rejection(dataPath('imagenet/class_info.jsn', { mirror: null, cache: '/nonexistent' }))
    expect(err?.message).to.equal('data: unknown file "imagenet/class_info.jsn" (not in the manifest). Did you mean ' +
      '"imagenet/class_info.json", "imagenet/DEVKIT-COPYING", "imagenet/meta.mat"? Run "laionet data list" for every name')
  })

  it('validates a manifest document field by field', () => {
    expect(() => parseManifest({}, 'm.json')).to.throw('data: m.json has no "files" array. Expected { "version": 1, "files": [...] }')
    const good = { name: 'a/b.txt', url: null, sha256: 'a'.repeat(64), size: 3, licence: 'x', repository: 'y' }
    expect(parseManifest({ version: 1, files: [good] }, 'm.json').files[0]).to.deep.equal(good)
    expect(() => parseManifest({ files: [{ ...good, name: '../x' }] }, 'm.json'))
      .to.throw('data: m.json files[0] (../x): "name" must be a relative path without \'..\', got "../x"')
    expect(() => parseManifest({ files: [{ ...good, sha256: 'XYZ' }] }, 'm.json'))
      .to.throw('data: m.json files[0] (a/b.txt): "sha256" must be 64 lowercase hex digits, got "XYZ"')
    expect(() => parseManifest({ files: [{ ...good, size: -1 }] }, 'm.json'))
      .to.throw('data: m.json files[0] (a/b.txt): "size" must be a byte count, got -1')
  })

  it('reports a missing or malformed manifest file by path', async () => {
    const missing = await rejection(loadManifest('/nonexistent/manifest.json'))
    expect(missing?.message).to.match(/^data: cannot read the manifest \/nonexistent\/manifest\.json \(ENOENT/)
  })
})
