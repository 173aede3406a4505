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
    const env = kernelEnv('/tmp/out', {}, { LAIONET_DATA_MIRROR: '../shared/data', JUPYTER_PATH: '/elsewhere' })
    expect(env.LAIONET_DATA_MIRROR).to.equal(resolve('../shared/data'))
    expect(env).to.not.have.property('LAIONET_CACHE')
    expect(env.LAIONET_OUT).to.equal('/tmp/out')
    expect(env.JUPYTER_PATH!.split(':')).to.deep.equal([join(root, '.jupyter', 'share', 'jupyter'), '/elsewhere'])
  })
})
