import { expect } from 'chai'
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileChanges, fileFingerprint, folderFingerprint } from '../../src/data/fingerprint.js'
import { cleanup, payload, sha256, tempDir } from './fixtures.js'
import { currentContext, projectContext, setProcessContext, type LaionetContext } from '../../src/util/context.js'

describe('data/fingerprint: what a resumable run records about its inputs', () => {
  let dir: string
  let saved: LaionetContext | null
  beforeEach(() => {
    dir = tempDir('fingerprint')
    // The hash cache lives in the context's cache folder: a folder of this test's own.
    saved = setProcessContext(projectContext({ ...currentContext(), cacheDir: join(dir, 'cache'), modelCache: undefined }))
  })
  afterEach(() => {
    setProcessContext(saved)
    cleanup(dir)
  })

  it('a file: size, mtime and the sha256 of its first and last 64 KiB', async () => {
    const file = join(dir, 'part.parquet')
    const bytes = payload(200_000, 7)
    writeFileSync(file, bytes)
    const f = await fileFingerprint(file)
    expect(f).to.deep.equal({ path: file, size: 200_000, mtimeMs: statSync(file).mtimeMs, head: sha256(bytes.subarray(0, 65536)), tail: sha256(bytes.subarray(200_000 - 65536)) })
    const small = join(dir, 'small.bin')
    writeFileSync(small, 'abc')
    expect(await fileFingerprint(small)).to.deep.include({ head: sha256('abc'), tail: sha256('abc') })
    const changed = Buffer.from(bytes)
    changed[199_999] ^= 1
    writeFileSync(file, changed)
    utimesSync(file, 1_700_000_000, 1_700_000_000)
    const g = await fileFingerprint(file)
    expect(fileChanges([f], [g])).to.deep.equal([`input 1 (${file}) changed: modified ${new Date(f.mtimeMs).toISOString()} -> 2023-11-14T22:13:20.000Z, content of its last block`])
  })

  it('a folder: names, sizes and content hashes; a byte changed with its mtime restored is rehashed despite the cache', async () => {
    const model = join(dir, 'model')
    mkdirSync(join(model, 'onnx'), { recursive: true })
    writeFileSync(join(model, 'config.json'), '{}')
    writeFileSync(join(model, 'onnx', 'text_model.onnx'), payload(5000, 1))
    const expected = (weights: Buffer) => sha256(`config.json\t2\t${sha256('{}')}\nonnx/text_model.onnx\t5000\t${sha256(weights)}`)
    const first = await folderFingerprint(model)
    expect(first).to.equal(expected(payload(5000, 1)))
    expect(await folderFingerprint(model)).to.equal(first) // from the cache
    const weights = join(model, 'onnx', 'text_model.onnx')
    const { atime, mtime } = statSync(weights)
    const retrained = payload(5000, 2)
    writeFileSync(weights, retrained)
    utimesSync(weights, atime, mtime)
    expect(await folderFingerprint(model)).to.equal(expected(retrained))
    const cached = readFileSync(join(dir, 'cache', 'fingerprints', `${sha256(model).slice(0, 32)}.json`), 'utf8')
    expect(Object.keys(JSON.parse(cached))).to.deep.equal([join(model, 'config.json'), weights])
  })
})
