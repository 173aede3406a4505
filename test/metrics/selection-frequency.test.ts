import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSelectionFrequencies } from '../../src/experiments/imagenetv2-frequency.js'
import { meanSelectionFrequency } from '../../src/metrics/selection-frequency.js'

describe('metrics/selection-frequency (ImageNetV2 MTurk selection frequencies)', () => {
  // MTurkData.image_fraction_selected: { image: { wnid: fraction } }; an image can be asked for two wnids.
  const freq = { a: { n1: 0.5, n2: 0.1 }, b: { n1: 1 }, c: { n3: 0.25 } }

  it('averages image_fraction_selected[img][wnid] over the dataset rows, as sample_dataset.py does (hand-computed)', () => {
    const dataset = { image_filenames: [['a', 'n1'], ['b', 'n1'], ['c', 'n3']] as [string, string][] }
    // (0.5 + 1 + 0.25) / 3: the row's own wnid, never a's 0.1 for n2.
    expect(meanSelectionFrequency(dataset, freq)).to.deep.equal({ mean: 1.75 / 3, images: 3 })
  })

  it('names the row and image when a frequency is missing or out of range', () => {
    expect(() => meanSelectionFrequency({ image_filenames: [['a', 'n1'], ['b', 'n2']] }, freq, 'f.json')).to.throw('imagenetv2: f.json: row 1 (image "b", n2) has no selection frequency')
    expect(() => meanSelectionFrequency({ image_filenames: [['a', 'n1']] }, { a: { n1: 7 } }, 'f.json')).to.throw('selection frequency 7 (expected 0..1)')
    expect(() => meanSelectionFrequency({ image_filenames: [['constructor', 'n1']] }, {}, 'f.json')).to.throw('has no selection frequency')
  })

  it('reads the JSON file and refuses other shapes, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'laionet-sf-'))
    try {
      writeFileSync(join(dir, 'ok.json'), JSON.stringify(freq))
      expect(await loadSelectionFrequencies(join(dir, 'ok.json'))).to.deep.equal(freq)
      writeFileSync(join(dir, 'list.json'), '[1]')
      let err = await loadSelectionFrequencies(join(dir, 'list.json')).catch((e: Error) => e)
      expect((err as Error).message).to.contain(`${join(dir, 'list.json')} is not a JSON object of image id -> { wnid: fraction }`)
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ a: 0.5 }))
      err = await loadSelectionFrequencies(join(dir, 'bad.json')).catch((e: Error) => e)
      expect((err as Error).message).to.contain('image "a" maps to number, not { wnid: fraction }')
      err = await loadSelectionFrequencies(join(dir, 'none.json')).catch((e: Error) => e)
      expect((err as Error).message).to.contain('cannot read the selection-frequency file')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
