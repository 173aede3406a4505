import { expect } from 'chai'
import { join } from 'node:path'
import { labArgs, parseLabArgs } from '../../scripts/lab.js'
import { root } from '../helpers/shared.js'

describe('scripts/lab (npm run lab)', () => {
  it('reads --port, --no-browser and --help, and passes anything else to jupyter', () => {
    expect(parseLabArgs([])).to.deep.equal({ port: 8888, openBrowser: true, extraArgs: [], help: false })
    expect(parseLabArgs(['--port', '8899', '--no-browser'])).to.deep.equal({ port: 8899, openBrowser: false, extraArgs: [], help: false })
    expect(parseLabArgs(['--port=9000', '--ServerApp.x=1', '--help'])).to.deep.equal({ port: 9000, openBrowser: true, extraArgs: ['--ServerApp.x=1'], help: true })
  })

  it('refuses a port that is not a number in 1..65535, naming the flag', () => {
    expect(() => parseLabArgs(['--port'])).to.throw('lab: --port needs a port number in 1..65535, got ""')
    expect(() => parseLabArgs(['--port', 'http'])).to.throw('lab: --port needs a port number in 1..65535, got "http"')
    expect(() => parseLabArgs(['--port=70000'])).to.throw('lab: --port needs a port number in 1..65535, got "70000"')
  })

  it('binds 127.0.0.1 on exactly the port asked for, serves notebooks/ with tslab as the default kernel', () => {
    const args = labArgs(8899, { extraArgs: ['--ServerApp.x=1'] })
    expect(args.slice(0, 2)).to.deep.equal(['-m', 'jupyterlab'])
    expect(args).to.include.members([
      '--ServerApp.ip=127.0.0.1', '--ServerApp.port=8899', '--ServerApp.port_retries=0', `--ServerApp.root_dir=${join(root, 'notebooks')}`,
      '--MultiKernelManager.default_kernel_name=tslab', '--no-browser', `--config=${join(root, 'scripts', 'lab.config.py')}`,
    ])
    expect(args.at(-1)).to.equal('--ServerApp.x=1')
    expect(labArgs(8899, { openBrowser: true })).to.not.include('--no-browser')
    expect(() => labArgs(0)).to.throw('lab: --port must be an integer in 1..65535, got 0')
  })
})
