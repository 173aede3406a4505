import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeIndexPickle } from '../../scripts/rehearsal/labels-pickle.js'
import { defaultConfig } from '../../src/config/defaults.js'
import { loadLaionetLabels } from '../../src/datasets/laionet-labels.js'
import { labelFileResults } from '../../src/experiments/laionet-labels.js'
import { experimentSources } from '../../src/config/resolve-sources.js'
import type { LaionetConfig } from '../../src/config/types.js'

describe('experiments: the authors\' full label file (sources.laionetLabels)', () => {
  // The laionet-labels part of the source resolution, as each experiment that reads the file sees it.
  const labelsPart = (config: LaionetConfig) => experimentSources(config, 'accuracy').find((c) => c.part === 'laionet-labels')!
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-labels-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))
  const write = (name: string, labels: Record<string, number[]>) => {
    const file = join(dir, name)
    writeFileSync(file, encodeIndexPickle(labels))
    return file
  }

  it('gives LAIONet\'s size, classes and the most frequent class\'s share at tier released, from the file alone', async () => {
    // 6 + 3 + 1 = 10 indices over 3 classes: the top class holds 60%.
    const file = write('labels.pkl', { n01440764: [1, 2, 3], n06359193: [100_000_000, 100_000_001, 200_000_005, 300_000_000, 300_000_001, 3_100_000_000], n02123045: [7] })
    const config = defaultConfig()
    config.sources.laionetLabels = file
    const { records, figures } = await labelFileResults(labelsPart(config), new Map([['n06359193', 'web site']]))
    expect(records.map((r) => [r.claim, r.value, r.tier, r.source])).to.deep.equal([
      ["LAIONet samples (authors' label file)", 10, 'released', [file]],
      ["LAIONet classes (authors' label file)", 3, 'released', [file]],
      ["share of the most frequent class (authors' label file)", 60, 'released', [file]],
    ])
    expect(records[2].note).to.equal('label file: web site; paper: web site')
    expect(figures.map((f) => f.id)).to.deep.equal(['fig4-class-frequency-labels'])
    expect(await labelFileResults(labelsPart(defaultConfig()), new Map())).to.deep.equal({ records: [], figures: [] })
    // One part, listed once by `laionet config`, in the sources of every experiment that reads it.
    for (const e of ['construction', 'accuracy', 'intra-class', 'imagenetv2'] as const) expect(experimentSources(config, e).filter((c) => c.part === 'laionet-labels').map((c) => [c.branch, c.tier, c.source]), e).to.deep.equal([['label-file', 'released', [file]]])
  })

  it('refuses a key that is not a wnid and a negative index, naming the file', async () => {
    const badKey = write('bad-key.pkl', { tench: [1] })
    let err: Error | undefined
    try { await loadLaionetLabels(badKey) } catch (e) { err = e as Error }
    expect(err?.message).to.match(new RegExp(`^datasets: ${badKey.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: key "tench" is not a WordNet id \\(expected n \\+ 8 digits\\)`))
    const negative = write('negative.pkl', { n01440764: [5, -3] })
    try { await loadLaionetLabels(negative) } catch (e) { err = e as Error }
    expect(err?.message).to.contain(`${negative}: class n01440764 lists index -3 (expected global LAION indices >= 0, part * 1e8 + row)`)
  })
})
