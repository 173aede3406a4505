// The package as a user installs it: exports with types first, the bin, pinned versions, the install
// fixes this machine needs, and the files the README promises.
import { expect } from 'chai'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './helpers/shared.js'

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

describe('package.json', () => {
  it('is the ESM package "laionet" with types listed first in exports', () => {
    expect(pkg.name).to.equal('laionet')
    expect(pkg.type).to.equal('module')
    expect(Object.keys(pkg.exports['.'])[0]).to.equal('types')
    expect(pkg.exports['.'].types).to.equal(pkg.types)
    // tslab resolves with Node10 rules and ignores "exports": the top-level fields must point at the build too.
    expect(pkg.main).to.equal('./dist/index.js')
  })

  it('has a laionet bin built from src/cli/main.ts', () => {
    expect(pkg.bin).to.deep.equal({ laionet: './dist/cli/main.js' })
    expect(existsSync(join(root, 'src', 'cli', 'main.ts'))).to.equal(true)
    expect(readFileSync(join(root, 'src', 'cli', 'main.ts'), 'utf8').startsWith('#!/usr/bin/env node')).to.equal(true)
  })

  it('pins every dependency to an exact version', () => {
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, version] of Object.entries(pkg[field] as Record<string, string>)) {
        expect(version, `${field}.${name}`).to.match(/^\d+\.\d+\.\d+$/)
      }
    }
  })

  it('carries the overrides that make danfojs-node and arquero install from the npm registry alone', () => {
    expect(pkg.overrides).to.deep.include({
      xlsx: '0.18.5',
      '@tensorflow/tfjs-node': 'npm:@tensorflow/tfjs@3.21.0',
      '@uwdata/flechette': '2.6.0',
    })
  })

  it('lists the design card packages', () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies }
    for (const name of ['tslab', 'danfojs-node', 'plotly.js-dist-min', '@huggingface/transformers', 'arquero', 'mocha', 'chai']) {
      expect(all, name).to.have.property(name)
    }
  })

  it('builds with the project\'s TypeScript, not the `tsc` bin that tslab\'s bundled TypeScript 5.0 may claim', () => {
    // npm links node_modules/.bin/tsc to whichever package it installs last; after `npm ci` that is tslab's.
    expect(pkg.scripts.build).to.match(/^node node_modules\/typescript\/bin\/tsc -p tsconfig\.build\.json/)
    expect(pkg.scripts.typecheck).to.match(/^node node_modules\/typescript\/bin\/tsc /)
  })

  it('has the scripts the README names', () => {
    for (const script of ['build', 'typecheck', 'test', 'reproduce', 'bench']) expect(pkg.scripts, script).to.have.property(script)
  })

  it('locks every package to the npm registry (no download from elsewhere at install time)', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
    const packages = Object.entries(lock.packages as Record<string, { version?: string; resolved?: string }>)
    const foreign = packages.filter(([, p]) => p.resolved && !p.resolved.startsWith('https://registry.npmjs.org/'))
    expect(foreign.map(([name, p]) => `${name}: ${p.resolved}`)).to.deep.equal([])
    // danfojs-node asks for xlsx from cdn.sheetjs.com; the override must win in the lock.
    expect(lock.packages['node_modules/xlsx'].version).to.equal('0.18.5')
  })

  it('has the top-level layout of the design card', () => {
    for (const entry of ['package.json', 'tsconfig.json', 'notebooks', 'src', 'data', 'test', 'environment.md', 'README.md', '.ci/run']) {
      expect(existsSync(join(root, entry)), entry).to.equal(true)
    }
  })
})
