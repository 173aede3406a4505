import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { root } from '../helpers/shared.js'

describe('scripts/preflight', () => {
  it('names what is missing, why it is needed, and the exact command to install it', () => {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'preflight.mjs'), '--for', 'test', '--no-install'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, LAIONET_CHROMIUM: '/nonexistent/chromium' },
    })
    expect(result.status).to.equal(1)
    expect(result.stderr).to.include('preflight: missing chromium, fonts-dejavu-core (renders figures to PNG and SVG)\n')
    expect(result.stderr).to.include('preflight: FAILED: install them with: sudo apt-get update && sudo apt-get install -y chromium fonts-dejavu-core\n')
  })
})

describe('scripts/preflight --for', () => {
  it('refuses a purpose it does not know, naming the ones it does, before installing anything', () => {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'preflight.mjs'), '--for', 'labs', '--no-install'], { cwd: root, encoding: 'utf8' })
    expect(result.status).to.equal(2)
    expect(result.stderr).to.equal('preflight: FAILED: --for labs is not a purpose (expected one of test, reproduce, lab)\n')
  })
})
