import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadDevkitSynsets, loadValidationLabels } from '../../src/index.js'
import { parseValidationGroundTruth } from '../../src/imagenet/devkit.js'
import type { DevkitSynset } from '../../src/index.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

const options = () => ({ metaFile: shared('data/imagenet/meta.mat'), groundTruthFile: shared('data/imagenet/ILSVRC2012_validation_ground_truth.txt') })
// meta.mat is parsed once for the whole file.
let devkitOnce: Promise<DevkitSynset[]> | undefined
const devkitSynsets = () => (devkitOnce ??= loadDevkitSynsets(options()))

describe('imagenet/loadDevkitSynsets', () => {
  let synsets: DevkitSynset[]
  before(async function () {
    skipWithoutShared(this, 'data/imagenet/meta.mat')
    synsets = await devkitSynsets()
  })

  it('has 1860 nodes in ID order; the first 1000 are the leaves holding the 1,281,167 training images', () => {
    expect(synsets).to.have.length(1860)
    expect(synsets.map((s) => s.ilsvrcId)).to.deep.equal(Array.from({ length: 1860 }, (_, i) => i + 1))
    const leaves = synsets.slice(0, 1000)
    expect(leaves.every((s) => s.numChildren === 0 && s.children.length === 0)).to.equal(true)
    expect(leaves.reduce((n, s) => n + s.numTrainImages, 0)).to.equal(1281167)
    expect(Math.min(...leaves.map((s) => s.numTrainImages))).to.equal(732)
    expect(synsets.slice(1000).every((s) => s.numChildren > 0 && s.numTrainImages === 0)).to.equal(true)
    expect(new Set(leaves.map((s) => s.wnid)).size).to.equal(1000)
  })

  it('matches entries checked by hand (scipy.io.loadmat)', () => {
    expect(synsets[0]).to.deep.equal({
      ilsvrcId: 1, wnid: 'n02119789', words: 'kit fox, Vulpes macrotis',
      gloss: 'small grey fox of southwestern United States; may be a subspecies of Vulpes velox',
      numChildren: 0, children: [], wordnetHeight: 0, numTrainImages: 1300,
    })
    expect(synsets[1000]).to.include({ ilsvrcId: 1001, wnid: 'n00001740', words: 'entity', numChildren: 2, wordnetHeight: 19 })
    expect(synsets[1000].children).to.deep.equal([1002, 1847])
    expect(synsets[1859].gloss).to.equal('something determined in relation to something that includes it; "he wanted to feel a part of something bigger than himself"; "I read a portion of the manuscript"; "the smaller component is hard to reach"; "the animal constituent of plankton"')
    expect(synsets.find((s) => s.wnid === 'n01440764')?.ilsvrcId).to.equal(449) // tench: ID order is not wnid order
  })
})

describe('imagenet/loadValidationLabels', () => {
  let labels: string[]
  before(async function () {
    skipWithoutShared(this, 'data/imagenet/ILSVRC2012_validation_ground_truth.txt')
    labels = await loadValidationLabels(options())
  })

  it('maps the ILSVRC2012_IDs through meta.mat: image 1 is n01751748 sea snake (ID 490)', () => {
    expect(labels).to.have.length(50000)
    expect(labels.slice(0, 3)).to.deep.equal(['n01751748', 'n09193705', 'n02105855']) // IDs 490, 361, 171
    expect(labels[49999]).to.equal('n02437616') // llama, ID 186
  })

  it('gives every one of the 1000 classes exactly 50 images', () => {
    const counts = new Map<string, number>()
    for (const w of labels) counts.set(w, (counts.get(w) ?? 0) + 1)
    expect(counts.size).to.equal(1000)
    expect([...counts.values()].every((n) => n === 50)).to.equal(true)
  })

  it('names a bad line and a short file', async () => {
    const synsets = await devkitSynsets()
    expect(parseValidationGroundTruth('1\n1000\n', synsets)).to.deep.equal(['n02119789', 'n03255030'])
    expect(() => parseValidationGroundTruth('1\n1001\n', synsets)).to.throw('devkit: validation ground truth line 2 is "1001" (expected an ILSVRC2012_ID from 1 to 1000)')
    const tmp = mkdtempSync(join(tmpdir(), 'laionet-gt-'))
    try {
      writeFileSync(join(tmp, 'gt.txt'), '490\n361\n')
      const err = await loadValidationLabels({ ...options(), groundTruthFile: join(tmp, 'gt.txt') }).then(() => null, (e: Error) => e)
      expect(err?.message).to.equal(`devkit: ${join(tmp, 'gt.txt')} has 2 labels (expected 50000, one per validation image)`)
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
