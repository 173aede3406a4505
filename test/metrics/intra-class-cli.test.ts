import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRandom, writeNpy } from '../../src/index.js'
import { loadLabelledEmbeddings } from '../../src/metrics/intra-class-files.js'
import { runCli } from '../helpers/cli.js'

/** Unit rows around a per-class centre; `spread` sets how diverse each class is. */
function rows(seed: number, labels: string[], d: number, spread: Record<string, number>): Float32Array {
  const rng = createRandom(seed)
  const centres = new Map<string, number[]>()
  const X = new Float32Array(labels.length * d)
  labels.forEach((l, i) => {
    if (!centres.has(l)) centres.set(l, Array.from({ length: d }, () => rng.normal()))
    const v = centres.get(l)!.map((c) => c + spread[l] * rng.normal())
    const norm = Math.hypot(...v)
    v.forEach((x, k) => { X[i * d + k] = x / norm })
  })
  return X
}

function brute(X: ArrayLike<number>, idx: number[], d: number): { mean: number, var: number } {
  const s: number[] = []
  for (let a = 0; a < idx.length; a++) for (let b = a + 1; b < idx.length; b++) {
    let dot = 0
    for (let k = 0; k < d; k++) dot += X[idx[a] * d + k] * X[idx[b] * d + k]
    s.push(dot)
  }
  const mean = s.reduce((p, q) => p + q, 0) / s.length
  return { mean, var: s.reduce((p, q) => p + (q - mean) ** 2, 0) / s.length }
}

describe('cli: laionet intra-class', function () {
  this.timeout(60_000)
  const dir = mkdtempSync(join(tmpdir(), 'laionet-intra-'))
  const d = 16
  // a: diverse classes (spread 2); b: tight classes (spread 0.5) -> a lower in every class shared with enough pairs.
  const labelsA = Array.from({ length: 90 }, (_, i) => ['n001', 'n002', 'n003'][i % 3])
  const labelsB = Array.from({ length: 64 }, (_, i) => (i < 30 ? 'n001' : i < 60 ? 'n002' : 'n004'))
  const A = rows(1, labelsA, d, { n001: 2, n002: 2, n003: 2 })
  const B = rows(2, labelsB, d, { n001: 0.5, n002: 0.5, n004: 0.5 })
  before(async () => {
    await writeNpy(join(dir, 'a.npy'), { dtype: 'float16', shape: [90, d], data: A })
    await writeNpy(join(dir, 'b.npy'), { dtype: 'float32', shape: [64, d], data: B })
    writeFileSync(join(dir, 'a.json'), JSON.stringify(labelsA))
    writeFileSync(join(dir, 'b.json'), JSON.stringify(labelsB))
    writeFileSync(join(dir, 'short.json'), JSON.stringify(labelsA.slice(1)))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('prints per-class {wnid, n, mean, var} equal to brute force on the (float16-decoded) file', async () => {
    const { code, stdout, stderr } = await runCli(['intra-class', '--any-labels', '--embeddings', join(dir, 'a.npy'), '--labels', join(dir, 'a.json'), '--json'])
    expect(stderr).to.equal('')
    expect(code).to.equal(0)
    const out = JSON.parse(stdout) as { wnid: string, n: number, mean: number, var: number }[]
    expect(out.map((r) => [r.wnid, r.n])).to.deep.equal([['n001', 30], ['n002', 30], ['n003', 30]])
    const { X } = await loadLabelledEmbeddings(join(dir, 'a.npy'), join(dir, 'a.json'))
    const want = brute(X, labelsA.map((l, i) => (l === 'n002' ? i : -1)).filter((i) => i >= 0), d)
    expect(Math.abs(out[1].mean - want.mean) / want.mean).to.be.below(1e-9)
    expect(Math.abs(out[1].var - want.var) / want.var).to.be.below(1e-9)
  })

  it('--vs gives both sides, both verdicts and the shares; --max-per-class keeps the first rows', async () => {
    const { code, stdout } = await runCli(['intra-class', '--any-labels', '--embeddings', join(dir, 'a.npy'), '--labels', join(dir, 'a.json'),
      '--vs', join(dir, 'b.npy'), '--vs-labels', join(dir, 'b.json'), '--json'])
    expect(code).to.equal(0)
    const out = JSON.parse(stdout)
    expect(out.compared).to.equal(2)
    expect(out.skipped).to.deep.equal(['n003', 'n004'])
    expect(Object.keys(out.classes[0])).to.deep.equal(['wnid', 'a', 'b', 'delta', 'paper', 'corrected'])
    for (const c of out.classes) {
      expect(c.paper.verdict).to.equal('lower')
      expect(c.corrected.verdict).to.equal('lower')
      expect(c.corrected.halfWidth).to.be.above(c.paper.halfWidth)
    }
    expect(out.paper).to.deep.equal({ lower: 2, higher: 0, lowerShare: 1, higherShare: 0 })
    expect(out.disagreements).to.deep.equal([])
    const capped = JSON.parse((await runCli(['intra-class', '--any-labels', '--embeddings', join(dir, 'a.npy'), '--labels', join(dir, 'a.json'), '--max-per-class', '4', '--json'])).stdout)
    expect(capped.map((r: { n: number }) => r.n)).to.deep.equal([4, 4, 4])
  })

  it('prints a readable summary without --json', async () => {
    const { stdout } = await runCli(['intra-class', '--any-labels', '--embeddings', join(dir, 'a.npy'), '--labels', join(dir, 'a.json'), '--vs', join(dir, 'b.npy'), '--vs-labels', join(dir, 'b.json')])
    expect(stdout).to.contain('2 classes compared (2 skipped). a significantly lower / higher than b:\n')
    expect(stdout).to.contain("  paper's test:     100.0% / 0.0%\n")
    expect(stdout).to.contain('  tests disagree on 0 classes\n')
  })

  it('names the files when labels and rows disagree, and the missing flags', async () => {
    const bad = await runCli(['intra-class', '--embeddings', join(dir, 'a.npy'), '--labels', join(dir, 'short.json')])
    expect(bad.code).to.equal(1)
    expect(bad.stderr).to.equal(`laionet intra-class: ${join(dir, 'short.json')} has 89 labels but ${join(dir, 'a.npy')} has 90 rows (expected one label per row)\n`)
    // b is read while a's statistics run: its error still ends the command, naming b's files, with nothing printed.
    const badB = await runCli(['intra-class', '--any-labels', '--embeddings', join(dir, 'b.npy'), '--labels', join(dir, 'b.json'), '--vs', join(dir, 'a.npy'), '--vs-labels', join(dir, 'short.json')])
    expect([badB.code, badB.stdout]).to.deep.equal([1, ''])
    expect(badB.stderr).to.equal(`laionet intra-class: ${join(dir, 'short.json')} has 89 labels but ${join(dir, 'a.npy')} has 90 rows (expected one label per row)\n`)
    const usage = await runCli(['intra-class', '--embeddings', join(dir, 'a.npy')])
    expect(usage.code).to.equal(2)
    expect(usage.stderr).to.match(/^laionet intra-class: --embeddings <a.npy> and --labels <a.json> are required\n/)
  })
})
