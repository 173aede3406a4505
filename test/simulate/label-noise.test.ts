import { expect } from 'chai'
import { createWorld, selectImageAware } from '../../src/index.js'
import { relabelShare } from '../../src/simulate/label-noise.js'
import { SMALL } from './small-world.js'

describe('simulate/relabelShare', () => {
  const world = createWorld(SMALL, { seed: 51 })
  const sel = selectImageAware(world)

  it('keeps every label at share 0 and changes every label at share 1, to another class present', () => {
    expect(Array.from(relabelShare(world, sel, 0).labels)).to.deep.equal(Array.from(sel.labels))
    const present = new Set(sel.labels)
    const all = relabelShare(world, sel, 1, { seed: 2 })
    expect(all.rows).to.equal(sel.rows)
    for (let r = 0; r < sel.rows.length; r++) {
      expect(all.labels[r]).to.not.equal(sel.labels[r])
      expect(present.has(all.labels[r])).to.equal(true)
    }
  })

  it('changes about the given share, the same rows for the same seed', () => {
    const a = relabelShare(world, sel, 0.25, { seed: 3 })
    const b = relabelShare(world, sel, 0.25, { seed: 3 })
    const c = relabelShare(world, sel, 0.25, { seed: 4 })
    expect(Array.from(a.labels)).to.deep.equal(Array.from(b.labels))
    expect(Array.from(a.labels)).to.not.deep.equal(Array.from(c.labels))
    const changed = a.labels.filter((l, r) => l !== sel.labels[r]).length / sel.rows.length
    expect(changed).to.be.closeTo(0.25, 0.02)
  })

  it('rejects a share outside [0, 1]', () => {
    expect(() => relabelShare(world, sel, -0.1)).to.throw('simulate: label-noise share must be in [0, 1], got -0.1')
  })
})
