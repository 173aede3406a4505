import { expect } from 'chai'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { embedTexts, fixtureModelDir, fixturesDir, loadClassifier, loadClip } from '../../src/index.js'
import { resolveModelSource } from '../../src/models/model-source.js'
import { environmentContext } from '../../src/config/context.js'
import { projectContext, withContext } from '../../src/util/context.js'
import { root, shared, sharedDir, skipWithoutShared } from '../helpers/shared.js'
import { TINY_CLIP, classInfoClasses } from './golden.js'

describe('models: model sources, fixtures folder, loading errors', function () {
  let tmp: string
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'laionet-sources-'))
  })
  after(() => {
    rmSync(tmp, { recursive: true, force: true })
  })

  it('resolves a folder, a .onnx file and a hub id (cached, downloadable or offline)', () => {
    const dir = join(tmp, 'm')
    mkdirSync(dir)
    writeFileSync(join(dir, 'config.json'), '{}')
    writeFileSync(join(tmp, 'x.onnx'), '')
    expect(resolveModelSource(dir)).to.deep.equal({ kind: 'folder', spec: dir, name: dir, root: tmp, path: dir, remote: false, remoteHost: 'https://huggingface.co/' })
    expect(resolveModelSource(join(tmp, 'x.onnx')).kind).to.equal('onnx')
    const cache = join(tmp, 'cache')
    expect(resolveModelSource('Xenova/resnet-50', { offline: false, modelCache: cache }))
      .to.deep.equal({ kind: 'hub', spec: 'Xenova/resnet-50', name: 'Xenova/resnet-50', root: cache, path: join(cache, 'Xenova/resnet-50'), remote: true, remoteHost: 'https://huggingface.co/' })
    // The context gives the defaults: its model cache, its hub, whether it may be contacted.
    const context = projectContext({ modelCache: cache, remoteHost: 'http://127.0.0.1:9/', offline: false })
    expect(resolveModelSource('Xenova/vit-base', { context })).to.deep.include({ root: cache, remote: true, remoteHost: 'http://127.0.0.1:9/' })
    expect(() => resolveModelSource('Xenova/vit-base', { context: { ...context, offline: true } })).to.throw(`models: hub model "Xenova/vit-base" is not in the model cache (looked in ${join(cache, 'Xenova/vit-base')}) and offline mode is on`)
    mkdirSync(join(cache, 'Xenova', 'resnet-50'), { recursive: true })
    writeFileSync(join(cache, 'Xenova', 'resnet-50', 'config.json'), '{}')
    expect(resolveModelSource('Xenova/resnet-50', { offline: true, modelCache: cache }).remote).to.equal(false)
  })

  it('says what a model folder needs when config.json is missing, and rejects other files and empty specs', () => {
    const empty = join(tmp, 'empty')
    mkdirSync(empty)
    expect(() => resolveModelSource(empty)).to.throw(`models: ${empty} has no config.json, so it is not a model folder.`)
    writeFileSync(join(tmp, 'notes.txt'), '')
    expect(() => resolveModelSource(join(tmp, 'notes.txt'))).to.throw(`models: ${join(tmp, 'notes.txt')} is a file but not a .onnx model.`)
    expect(() => resolveModelSource(' ')).to.throw('models: empty model spec.')
    expect(() => resolveModelSource('not a model id')).to.throw('models: model not found at')
  })

  it('loads a model folder whose name is not hub-id-like (spaces, parentheses)', async function () {
    skipWithoutShared(this, TINY_CLIP)
    const dir = join(tmp, 'my models', 'tiny clip (copy)')
    mkdirSync(join(dir, 'onnx'), { recursive: true })
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json', 'onnx/text_model.onnx']) copyFileSync(shared(`${TINY_CLIP}/${f}`), join(dir, f))
    const clip = await loadClip(dir)
    const e = await embedTexts(clip, ['a cat'], { cache: false })
    expect([e.rows, e.dim]).to.deep.equal([1, 16])
    await clip.dispose()
  })

  it('loads a hub id from the model cache without the network, as after a first download', async function () {
    skipWithoutShared(this, TINY_CLIP)
    const cache = join(tmp, 'hub-cache')
    const dir = join(cache, 'Xenova', 'tiny-random-clip')
    mkdirSync(join(dir, 'onnx'), { recursive: true })
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/text_model.onnx']) copyFileSync(shared(`${TINY_CLIP}/${f}`), join(dir, f))
    const clip = await loadClip('Xenova/tiny-random-clip', { offline: true, modelCache: cache })
    expect(clip.source).to.deep.equal({ kind: 'hub', spec: 'Xenova/tiny-random-clip', name: 'Xenova/tiny-random-clip', root: cache, path: dir, remote: false, remoteHost: 'https://huggingface.co/' })
    const [ids] = await clip.tokenize(['Hello World!'])
    expect(ids).to.deep.equal([49406, 3306, 1002, 256, 49407])
    const e = await embedTexts(clip, ['a cat'], { cache: false })
    expect(e.dim).to.equal(16)
    await clip.dispose()
  })

  it('names the missing file of an incomplete CLIP folder', async function () {
    skipWithoutShared(this, TINY_CLIP)
    const dir = join(tmp, 'partial-clip')
    mkdirSync(dir)
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) copyFileSync(shared(`${TINY_CLIP}/${f}`), join(dir, f))
    const clip = await loadClip(dir)
    const err = await embedTexts(clip, ['a'], { cache: false }).then(() => null, (e: Error) => e)
    expect(err?.message).to.match(new RegExp(`^clip: could not load the text model \\(onnx/text_model\\.onnx\\) from folder ${dir}: .*${dir}/onnx/text_model\\.onnx"\\. Provide a folder`))
  })

  it('loads two models at once without mixing their sources', async function () {
    skipWithoutShared(this, TINY_CLIP)
    skipWithoutShared(this, 'data/imagenet/class_info.json')
    const [clip, vit] = await Promise.all([loadClip(shared(TINY_CLIP)), loadClassifier(shared('fixtures/models/tiny-random-vit'), { classes: classInfoClasses() })])
    const [e] = await Promise.all([embedTexts(clip, ['a cat'], { cache: false }), loadClassifier(shared('fixtures/models/tiny-random-resnet'), { classes: classInfoClasses() }).then((r) => r.dispose())])
    expect([e.rows, e.dim, vit.kind]).to.deep.equal([1, 16, 'transformers'])
    await clip.dispose()
    await vit.dispose()
  })

  it('fixturesDir: the context\'s (LAIONET_FIXTURES, else ../shared/fixtures); an error names the folder when it is missing', function () {
    const nowhere = environmentContext({ LAIONET_FIXTURES: join(tmp, 'nowhere') })
    expect(() => fixturesDir(nowhere)).to.throw(`models: no fixtures folder at ${join(tmp, 'nowhere')} (expected models/, golden/, images/). Set LAIONET_FIXTURES to the shared fixtures folder`)
    skipWithoutShared(this, TINY_CLIP)
    const sharedFixtures = environmentContext({ LAIONET_FIXTURES: join(sharedDir, 'fixtures') })
    expect(fixtureModelDir('tiny-random-clip', sharedFixtures)).to.equal(shared(TINY_CLIP))
    expect(() => fixtureModelDir('huge-clip', sharedFixtures)).to.throw(`models: fixture model "huge-clip" not found at ${join(sharedDir, 'fixtures', 'models', 'huge-clip')}`)
    expect(withContext(sharedFixtures, () => fixturesDir())).to.equal(join(sharedDir, 'fixtures'))
    expect(fixturesDir(environmentContext({}))).to.equal(join(root, '..', 'shared', 'fixtures'))
  })
})
