import { expect } from 'chai'
import { join, resolve } from 'node:path'
import { kernelEnv, listNotebooks, root } from '../../scripts/notebooks.js'

describe('scripts/notebooks', () => {
  it('lists the notebooks in their NN_ order', () => {
    const names = listNotebooks().map((f) => f.split('/').pop())
    expect(names).to.deep.equal([...names].sort())
    expect(names[0]).to.equal('00_classes.ipynb')
  })

  it('hands kernels absolute data paths: a kernel runs in notebooks/, not where the command was typed', () => {
    const saved = { mirror: process.env.LAIONET_DATA_MIRROR, cache: process.env.LAIONET_CACHE }
    process.env.LAIONET_DATA_MIRROR = '../shared/data'
    delete process.env.LAIONET_CACHE
    try {
      const env = kernelEnv('/tmp/out')
      expect(env.LAIONET_DATA_MIRROR).to.equal(resolve('../shared/data'))
      expect(env).to.not.have.property('LAIONET_CACHE')
      expect(env.LAIONET_OUT).to.equal('/tmp/out')
      expect(env.JUPYTER_PATH!.split(':')[0]).to.equal(join(root, '.jupyter', 'share', 'jupyter'))
    } finally {
      if (saved.mirror === undefined) delete process.env.LAIONET_DATA_MIRROR
      else process.env.LAIONET_DATA_MIRROR = saved.mirror
      if (saved.cache !== undefined) process.env.LAIONET_CACHE = saved.cache
    }
  })
})
