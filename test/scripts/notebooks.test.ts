import { expect } from 'chai'
import { join, resolve } from 'node:path'
import { kernelEnv, listNotebooks, root, runInLanes } from '../../scripts/notebooks.js'

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

describe('scripts/notebooks runInLanes', () => {
  const files = ['00_a', '01_b', '02_free', '03_c', '04_free', '05_free'].map((n) => `/nb/${n}.ipynb`)
  const selfContained = new Set(['02_free', '04_free', '05_free'])

  /** Runs every notebook as a task that yields a few times, recording starts, ends and the most running at once. */
  function recorder() {
    const log: string[] = []
    let running = 0
    let most = 0
    const run = async (file: string, i: number) => {
      const name = file.split('/').pop()!.replace('.ipynb', '')
      log.push(`start ${name}`)
      most = Math.max(most, ++running)
      for (let k = 0; k < 3 + i; k++) await new Promise((r) => setImmediate(r))
      running--
      log.push(`end ${name}`)
      return `${name}!`
    }
    return { log, run, most: () => most }
  }

  it('on one lane runs everything in order, one at a time', async () => {
    const r = recorder()
    expect(await runInLanes(files, r.run, { lanes: 1, selfContained })).to.deep.equal(files.map((f) => `${f.split('/').pop()!.replace('.ipynb', '')}!`))
    expect(r.most()).to.equal(1)
    expect(r.log.filter((l) => l.startsWith('start'))).to.deep.equal(files.map((f) => `start ${f.split('/').pop()!.replace('.ipynb', '')}`))
  })

  it('on two lanes keeps the chain in order, never runs more than two, and returns the runs in the order given', async () => {
    const r = recorder()
    const out = await runInLanes(files, r.run, { lanes: 2, selfContained })
    expect(out).to.deep.equal(['00_a!', '01_b!', '02_free!', '03_c!', '04_free!', '05_free!'])
    expect(r.most()).to.equal(2)
    // The chain (00, 01, 03): each starts after the one before it ended.
    const at = (l: string) => r.log.indexOf(l)
    expect(at('start 01_b')).to.be.greaterThan(at('end 00_a'))
    expect(at('start 03_c')).to.be.greaterThan(at('end 01_b'))
    // A self-contained notebook starts while the chain runs.
    expect(at('start 02_free')).to.be.lessThan(at('end 00_a'))
  })

  it('refuses a lane count that is not a positive integer', async () => {
    const err = await runInLanes(files, async () => 0, { lanes: 0 }).then(() => '', (e: Error) => e.message)
    expect(err).to.equal('notebooks: lanes must be a positive integer, got 0')
  })
})
