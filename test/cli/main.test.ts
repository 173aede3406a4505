import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { commands } from '../../src/cli/commands.js'
import { runCli } from '../helpers/cli.js'
import { root, skipOrFail } from '../helpers/shared.js'

describe('cli/main', () => {
  it('lists every registered command with its summary', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).to.equal(0)
    for (const name of Object.keys(commands)) expect(stdout).to.match(new RegExp(`^  ${name} +\\S`, 'm'))
  })

  it('exits 2 with the command list when no command is given', async () => {
    const { code, stdout } = await runCli([])
    expect(code).to.equal(2)
    expect(stdout).to.include('Usage: laionet <command> [options]')
  })

  it('names an unknown command and exits 2', async () => {
    const { code, stderr } = await runCli(['frobnicate'])
    expect(code).to.equal(2)
    expect(stderr).to.equal('laionet: unknown command "frobnicate". Run "laionet --help" for the list.\n')
  })

  for (const name of Object.keys(commands)) {
    it(`${name} --help prints its usage`, async () => {
      const { code, stdout } = await runCli([name, '--help'])
      expect(code).to.equal(0)
      expect(stdout).to.include(`laionet ${name}`)
    })
  }

  it('runs as the installed bin from the build', function () {
    const bin = join(root, 'dist', 'cli', 'main.js')
    if (!existsSync(bin)) skipOrFail(this, `${bin} is missing (run npm run build)`)
    const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' })
    expect(result.stdout).to.equal('laionet 0.1.0\n')
  })
})

describe('cli/main error lines', () => {
  it('does not repeat a module prefix that equals the command name', async () => {
    const { code, stderr } = await runCli(['simulate', '--dials-file', '/nonexistent/sim.json'])
    expect(code).to.equal(1)
    expect(stderr.startsWith('laionet simulate: ')).to.equal(true)
    expect(stderr).to.not.include('simulate: simulate:')
  })
})
