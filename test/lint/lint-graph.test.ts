import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
// @ts-expect-error: a plain .mjs script without type declarations
import { LAYERS, lintGraph } from '../../scripts/lint-graph.mjs'
import { root } from '../helpers/shared.js'

describe('scripts/lint-graph: unused exports and upward imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'laionet-lint-graph-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }

  it('reports a value export nobody imports and an import that points up, and nothing else (types are exempt)', () => {
    write('src/util/a.ts', "export function used(): number { return 1 }\nexport const unused = 2\nexport type T = number\nexport interface Unnamed { x: T }\n")
    write('src/io/b.ts', "import { used, type T } from '../util/a.js'\nimport { fromAbove } from '../cli/c.js'\nexport const b: T = used() + fromAbove\n")
    write('src/cli/c.ts', "export const fromAbove = 3\nexport default { run: () => 0 }\n")
    write('src/cli/commands.ts', "export const commands = { c: () => import('./c.js') }\n")
    write('src/index.ts', "export { b } from './io/b.js'\nexport { commands } from './cli/commands.js'\n")
    write('test/x.test.ts', "import { b } from '../src/index.js'\nvoid b\n")
    expect(lintGraph(dir)).to.deep.equal([
      'src/io/b.ts:2: src/io/ (layer 1) imports src/cli/c.ts (src/cli/, layer 11): an import must point to a lower layer',
      'src/util/a.ts:2: unused export "unused" (no other file imports it: drop the export, or use it)',
    ])
  })

  it('runs in npm test, before the tests: ESLint over src, test, bench and scripts, then this check', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    expect(pkg.scripts.lint).to.equal('eslint src test bench scripts eslint.config.js && node scripts/lint-graph.mjs && node scripts/lint-lock.mjs')
    expect(pkg.scripts.test).to.match(/^npm run lint && /)
    expect(Object.keys(pkg.devDependencies)).to.include.members(['eslint', '@eslint/js', 'typescript-eslint'])
  })

  it('finds nothing in this project', () => {
    expect(lintGraph()).to.deep.equal([])
  })

  it('knows every folder of src/', () => {
    expect(readdirSync(join(root, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).filter((n) => !LAYERS.flat().includes(n))).to.deep.equal([])
    expect(LAYERS.flat()).to.include.members(['util', 'io', 'data', 'wordnet', 'paper', 'imagenet', 'models', 'metrics', 'laionet', 'simulate', 'datasets', 'download', 'config', 'plots', 'report', 'experiments', 'cli'])
  })
})
