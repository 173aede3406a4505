import { expect } from 'chai'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeTiers, loadConfig } from '../../src/index.js'
import { checkConfigPaths } from '../../src/config/load-config.js'
import { configContext, environmentContext } from '../../src/config/context.js'
import { projectContext, withContext } from '../../src/util/context.js'
import { defaultConfig } from '../../src/config/defaults.js'
import { expandGlob, outDir, projectRoot } from '../../src/util/paths.js'
import { parseConfig } from '../../src/config/parse-config.js'
import type { LaionetConfig } from '../../src/index.js'
import { root } from '../helpers/shared.js'
import { runCli } from '../helpers/cli.js'

const tiersOf = (config: LaionetConfig, clip?: { tier: 'real' | 'fixture', reason: string }) => Object.fromEntries(describeTiers(config, clip).map((t) => [t.experiment, t.tier]))
const verified = { tier: 'real' as const, reason: 'weights verified as ViT-B/32' }

describe('config', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-config-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('without a file gives the built-in defaults', async function () {
    if (existsSync(join(projectRoot(), 'laionet.config.json'))) this.skip()
    const config = await loadConfig(undefined, { env: {} })
    expect(config).to.deep.equal(defaultConfig())
    expect(config.file).to.equal(null)
    expect(config.models).to.deep.equal({ clip: 'Xenova/clip-vit-base-patch32', classifiers: [], allowRemoteModels: false, remoteHost: 'https://huggingface.co/', textEncoders: { mpnet: 'Xenova/all-mpnet-base-v2' }, imageEncoders: {} })
    expect([config.sources.laionetLabels, config.sources.laionPoolImages, config.sources.nearestLaionImages, config.sources.imagenetCaptionsImages]).to.deep.equal([null, null, null, null])
    expect(config.limits.laionetPerClass).to.equal(100)
    // The authors' image rule by default; ours (convert and keep) only when asked for.
    expect(config.methods).to.deep.equal({ imageRule: 'authors' })
    expect(parseConfig({ methods: { imageRule: 'convert' } }).methods.imageRule).to.equal('convert')
  })

  it('parses the text and image encoder maps, the label file and the pool images, refusing unknown names', () => {
    const config = parseConfig({
      sources: { laionetLabels: 'labels/full.pkl', laionPoolImages: '/data/pool-images', nearestLaionImages: 'nearest', embeddings: { imagenetCaptionsTrain: { file: 't.npy', labels: 't.json' } } },
      models: { textEncoders: { mpnet: './models/mpnet' }, imageEncoders: { vit: 'someone/vit-onnx', beit: '../beit' } },
    }, { file: 'f.json', baseDir: '/w' })
    expect(config.sources.laionetLabels).to.equal('/w/labels/full.pkl')
    expect(config.sources.laionPoolImages).to.equal('/data/pool-images')
    expect(config.sources.nearestLaionImages).to.equal('/w/nearest')
    expect(config.sources.embeddings.imagenetCaptionsTrain).to.deep.equal({ file: '/w/t.npy', labels: '/w/t.json' })
    expect(config.models.textEncoders).to.deep.equal({ mpnet: '/w/models/mpnet' })
    expect(config.models.imageEncoders).to.deep.equal({ vit: 'someone/vit-onnx', beit: '/beit' })
    const bad: [unknown, string][] = [
      [{ models: { imageEncoders: { resnet: 'x' } } }, 'config: f.json: "models.imageEncoders.resnet" is not a known model name (expected one of vit, convnext, beit)'],
      [{ models: { textEncoders: { mpnet: '' } } }, 'config: f.json: "models.textEncoders.mpnet" must be a model folder or hub id (got string "")'],
      [{ models: { textEncoders: ['mpnet'] } }, 'config: f.json: "models.textEncoders" must be an object of mpnet -> model folder or hub id (got an array)'],
      [{ sources: { laionetLabels: 3 } }, 'config: f.json: "sources.laionetLabels" must be a path or null (got number 3)'],
    ]
    for (const [raw, message] of bad) expect(() => parseConfig(raw, { file: 'f.json', baseDir: '/w' })).to.throw(message)
  })

  it('parses the documented example, resolving relative paths against the file and leaving hub ids alone', () => {
    const raw = JSON.parse(readFileSync(join(root, 'laionet.config.example.json'), 'utf8'))
    const config = parseConfig(raw, { file: '/etc/laionet/laionet.config.json', baseDir: '/etc/laionet' })
    expect(config.outDir).to.equal('/etc/laionet/out')
    expect(config.cacheDir).to.equal('/etc/laionet/data/cache')
    expect(config.sources.laionParquet).to.deep.equal(['/data/laion400m-meta/part-*.parquet'])
    expect(config.sources.laionetBuild).to.equal('/etc/laionet/out/laionet/laionet.parquet')
    expect(config.sources.laionetReleased).to.equal('/data/laionet-released/laionet.parquet')
    expect(config.sources.imagenetVal).to.deep.equal({ folder: '/data/ILSVRC2012/val', devkit: '/data/ILSVRC2012/ILSVRC2012_devkit_t12' })
    expect(config.sources.embeddings.laionet).to.deep.equal({ file: '/data/embeddings/laionet_clip_b32.npy', labels: '/data/embeddings/laionet_wnids.json' })
    expect(config.models.classifiers).to.deep.equal(['/data/models/resnet50.onnx', 'Xenova/vit-base-patch16-224'])
    expect(config.limits.download.concurrency).to.equal(32)
    expect([config.sources.laionetLabels, config.sources.laionPoolImages]).to.deep.equal(['/data/eval-on-laion/wnid2laionindices(subset_sm_filt(text_to_name_def_wnid_similarity_clip-vit-base-patch32)).pkl', '/data/laion-pool-images'])
    expect([config.sources.nearestLaionImages, config.sources.imagenetCaptionsImages]).to.deep.equal(['/data/laion-nearest-imagenet-captions-images', '/data/ILSVRC2012/train'])
    expect(config.models.textEncoders).to.deep.equal({ mpnet: 'Xenova/all-mpnet-base-v2' })
    expect(Object.keys(config.models.imageEncoders)).to.deep.equal(['vit', 'convnext', 'beit'])
    const local = parseConfig({ models: { clip: './models/clip', classifiers: ['../m.onnx'] } }, { baseDir: '/w/p' })
    expect([local.models.clip, local.models.classifiers[0]]).to.deep.equal(['/w/p/models/clip', '/w/m.onnx'])
  })

  it('merges a partial file over the defaults', () => {
    const config = parseConfig({ limits: { download: { maxSide: 256 } } })
    const expected = defaultConfig()
    expected.file = 'laionet.config.json'
    expected.limits.download.maxSide = 256
    expect(config).to.deep.equal(expected)
  })

  it('names the key in every validation error', () => {
    const cases: Array<[unknown, string]> = [
      [[], 'config: f.json must hold a JSON object (got an array)'],
      [{ outdir: 'x' }, 'config: f.json: "outdir" is not a known key (expected one of $schema, outDir, cacheDir, dataMirror, sources, models, limits, methods). See laionet.config.example.json'],
      [{ sources: { imagenetVal: { folders: 'x' } } }, 'config: f.json: "sources.imagenetVal.folders" is not a known key (expected one of folder, devkit). See laionet.config.example.json'],
      [{ sources: { laionParquet: 'a.parquet' } }, 'config: f.json: "sources.laionParquet" must be an array of paths or globs (got string "a.parquet")'],
      [{ limits: { workers: 0 } }, 'config: f.json: "limits.workers" must be an integer in [1, 256] (got number 0)'],
      [{ limits: { download: { timeoutMs: 1.5 } } }, 'config: f.json: "limits.download.timeoutMs" must be an integer in [1, 2147483647] (got number 1.5)'],
      [{ limits: { maxLaionRows: -1 } }, 'config: f.json: "limits.maxLaionRows" must be an integer in [1, 9007199254740991] or null (got number -1)'],
      [{ models: { allowRemoteModels: 'yes' } }, 'config: f.json: "models.allowRemoteModels" must be true or false (got string "yes")'],
      [{ models: { remoteHost: 'ftp://hub' } }, 'config: f.json: "models.remoteHost" "ftp://hub" must be an http or https address (got ftp:). Give the hub\'s address, e.g. https://huggingface.co/'],
      [{ models: { remoteHost: 'http://u:p@127.0.0.1:1/' } }, 'config: f.json: "models.remoteHost" "http://u:p@127.0.0.1:1/" must hold no credentials, query or fragment. Give the bare hub address, e.g. https://huggingface.co/'],
      [{ models: null }, 'config: f.json: "models" must be an object (got null)'],
      [{ methods: { imageRule: 'drop' } }, 'config: f.json: "methods.imageRule" must be one of "authors", "convert" (got string "drop")'],
      [{ sources: { imagenetCaptions: 3 } }, 'config: f.json: "sources.imagenetCaptions" must be a path or null (got number 3)'],
      [{ sources: { nearestLaionImages: 3 } }, 'config: f.json: "sources.nearestLaionImages" must be a path or null (got number 3)'],
      [{ sources: { imagenetCaptionsImages: '' } }, 'config: f.json: "sources.imagenetCaptionsImages" must be a path or null (got string "")'],
      [{ sources: { embeddings: { laion: { file: 'a', labels: 'b' } } } }, 'config: f.json: "sources.embeddings.laion" is not a known dataset (expected one of laionet, imagenetVal, imagenetV2MatchedFrequency, imagenetV2Threshold07, imagenetV2TopImages, laionPool, imagenetCaptionsTrain)'],
      [{ sources: { embeddings: { laionet: { file: 'a' } } } }, 'config: f.json: "sources.embeddings.laionet" must be { "file": "<embeddings.npy>", "labels": "<wnids.json>" } (got an object)'],
    ]
    for (const [raw, message] of cases) expect(() => parseConfig(raw, { file: 'f.json' })).to.throw(message)
  })

  it('reads LAIONET_CONFIG, checks configured paths exist and reports bad JSON', async () => {
    mkdirSync(join(dir, 'val'))
    mkdirSync(join(dir, 'laion'))
    writeFileSync(join(dir, 'laion', 'part-00000.parquet'), '')
    const file = join(dir, 'laionet.config.json')
    writeFileSync(file, JSON.stringify({ sources: { laionParquet: ['laion/part-*.parquet', 'other/*.parquet'], imagenetVal: { folder: 'val', devkit: 'devkit' } } }))
    const env = { LAIONET_CONFIG: file }
    const err = await loadConfig(undefined, { env }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`config: ${file} names paths that do not exist:\n  - sources.laionParquet: ${join(dir, 'other/*.parquet')} matches no file\n  - sources.imagenetVal.devkit: ${join(dir, 'devkit')} does not exist\nFix them, set them to null, or load with { checkPaths: false }`)
    const unchecked = await loadConfig(undefined, { checkPaths: false, env })
    expect(unchecked.file).to.equal(file)
    expect(unchecked.sources.imagenetVal.folder).to.equal(join(dir, 'val'))
    mkdirSync(join(dir, 'devkit'))
    mkdirSync(join(dir, 'other'))
    writeFileSync(join(dir, 'other', 'x.parquet'), '')
    expect(await checkConfigPaths(await loadConfig(undefined, { env }))).to.deep.equal([])
    writeFileSync(file, '{ "outDir": ')
    const bad = await loadConfig(undefined, { env }).then(() => null, (e: Error) => e)
    expect(bad?.message).to.match(new RegExp(`^config: ${file} is not valid JSON \\(`))
    const missing = await loadConfig(join(dir, 'nope.json')).then(() => null, (e: Error) => e)
    expect(missing?.message).to.equal(`config: cannot read ${join(dir, 'nope.json')} (ENOENT), named by the file given. Fix the path or copy laionet.config.example.json`)
  })

  it('expands *, ? and ** globs, sorted, skipping hidden files', async () => {
    for (const f of ['a/part-1.parquet', 'a/part-2.parquet', 'a/part-10.parquet', 'a/.part-3.parquet', 'a/b/part-4.parquet', 'a/b/c/part-5.parquet', 'a/notes.txt']) {
      mkdirSync(join(dir, f, '..'), { recursive: true })
      writeFileSync(join(dir, f), '')
    }
    expect(await expandGlob('a/part-*.parquet', dir)).to.deep.equal(['a/part-1.parquet', 'a/part-10.parquet', 'a/part-2.parquet'].map((f) => join(dir, f)))
    expect(await expandGlob('a/part-?.parquet', dir)).to.deep.equal(['a/part-1.parquet', 'a/part-2.parquet'].map((f) => join(dir, f)))
    expect(await expandGlob(join(dir, 'a/**/part-*.parquet'))).to.deep.equal(['a/b/c/part-5.parquet', 'a/b/part-4.parquet', 'a/part-1.parquet', 'a/part-10.parquet', 'a/part-2.parquet'].map((f) => join(dir, f)))
    expect(await expandGlob('a/notes.txt', dir)).to.deep.equal([join(dir, 'a/notes.txt')])
    expect(await expandGlob('zzz/*.parquet', dir)).to.deep.equal([])
  })

  describe('describeTiers', () => {
    it('with the defaults: real for the classes and matching on the sample, released accuracies, simulated or quoted beyond', () => {
      expect(tiersOf(defaultConfig())).to.deep.equal({
        'classes': 'real',
        'laionet-matching': 'real',
        'laionet-filter': 'fixture',
        'laionet-released': 'quoted',
        'laionet-labels': 'quoted',
        'laionet-mpnet': 'quoted',
        'accuracy-imagenet': 'released',
        'accuracy-laionet': 'quoted',
        'app-f2': 'quoted',
        'intra-class': 'simulated',
        'intra-class-encoders': 'quoted',
        'imagenetv2-accuracy': 'released',
        'imagenetv2-intra-class': 'simulated',
        'imagenetv2-selection-frequency': 'quoted',
        'image-link': 'simulated',
        'image-link-imagenet': 'quoted',
        'imagenet-captions': 'simulated',
        'imagenet-captions-nearest': 'simulated',
        'imagenet-captions-images': 'simulated',
        'cross-modal': 'simulated',
        'causal-story': 'simulated',
      })
      for (const t of describeTiers(defaultConfig())) {
        expect(t.reason).to.be.a('string').and.not.equal('')
        if (t.tier !== 'real' && t.runner !== 'causal-story' && t.runner !== 'cross-modal') expect(t.upgrade, t.experiment).to.be.a('string')
      }
    })

    it('with every source, real weights and classifiers: real everywhere but the simulated causal story', () => {
      const clipDir = join(dir, 'clip-vit-base-patch32')
      mkdirSync(clipDir)
      const sources = {
        laionParquet: ['/x/*.parquet'], laionetReleased: '/r.parquet', laionetImages: '/i', imagenetVal: { folder: '/v', devkit: '/d' },
        imagenetV2: { matchedFrequency: '/m' }, imagenetCaptions: '/c.json', nearestLaionImages: '/n', imagenetCaptionsImages: '/t',
        embeddings: { laionPool: { file: 'p.npy', labels: 'p.json' } },
        laionetLabels: '/l.pkl', imagenetV2SelectionFrequencies: '/sf.json', laionetMpnetBuild: join(dir, 'mpnet-build'),
      }
      const models = { clip: clipDir, classifiers: ['r.onnx'] }
      const config = parseConfig({ sources, models })
      const tiers = tiersOf(config, verified)
      // The MPNet build stays fixture: no weights check exists for MPNet yet, and a name earns nothing. The image
      // encoders are not configured here (their part is quoted).
      expect(Object.entries(tiers).filter(([, t]) => t !== 'real')).to.deep.equal([
        ['laionet-released', 'released'], ['laionet-labels', 'released'], ['laionet-mpnet', 'fixture'], ['intra-class-encoders', 'quoted'], ['imagenetv2-selection-frequency', 'released'], ['causal-story', 'simulated'],
      ])
      // The same configuration before its weights are checked (here: a folder without a model): nothing CLIP-derived is real.
      expect(Object.entries(tiersOf(config)).filter(([, t]) => t === 'fixture').map(([p]) => p)).to.deep.equal(['laionet-filter', 'laionet-mpnet', 'app-f2', 'intra-class', 'imagenetv2-intra-class', 'image-link', 'image-link-imagenet', 'imagenet-captions', 'imagenet-captions-nearest', 'imagenet-captions-images', 'cross-modal'])
      // Each part names what it reads.
      const parts = new Map(describeTiers(config).map((t) => [t.experiment, t]))
      expect(parts.get('accuracy-laionet')!.source).to.deep.equal(['/i', 'r.onnx'])
      expect(parts.get('laionet-released')!.source).to.deep.equal(['/r.parquet'])
      // App. F.2 reads both image sides, the captions file, the CLIP that embeds them (not yet checked here: fixture)
      // and the LAIONet side's classifiers.
      expect([parts.get('app-f2')!.tier, parts.get('app-f2')!.source]).to.deep.equal(['fixture', ['/i', '/c.json', '/t', clipDir, 'r.onnx']])
      // Without ImageNet-Captions' training images there is no F.2 number, and the part says what to set.
      const { imagenetCaptionsImages: _train, ...withoutTrain } = sources
      const noTrain = describeTiers(parseConfig({ sources: withoutTrain, models })).find((t) => t.experiment === 'app-f2')!
      expect([noTrain.tier, noTrain.reason]).to.deep.equal(['quoted', 'not measured (the authors only plot it; no paper number): needs sources.imagenetCaptions with sources.imagenetCaptionsImages (its training images) or sources.embeddings.imagenetCaptionsTrain'])
      // From precomputed embeddings of both sides no CLIP runs: F.2 is as real as the LAIONet recalls.
      const both = { laionet: { file: '/l.npy', labels: '/l.json' }, imagenetCaptionsTrain: { file: '/t.npy', labels: '/t.json' } }
      const fromEmbeddings = describeTiers(parseConfig({ sources: { ...sources, embeddings: { ...sources.embeddings, ...both } }, models })).find((t) => t.experiment === 'app-f2')!
      expect([fromEmbeddings.tier, fromEmbeddings.source]).to.deep.equal(['real', ['/l.npy', '/l.json', '/c.json', '/t.npy', '/t.json', '/i', 'r.onnx']])
    })

    it('uses a configured source even through the tiny CLIP: its numbers are fixture, never simulated or quoted', () => {
      const config = parseConfig({
        sources: { laionetImages: '/i', imagenetVal: { folder: '/v', devkit: null }, imagenetV2: { topImages: '/t' }, imagenetCaptions: '/c.json', laionetReleased: '/r.parquet' },
        models: { clip: '/shared/fixtures/models/tiny-random-clip' },
      })
      const tiers = tiersOf(config)
      expect([tiers['intra-class'], tiers['imagenetv2-intra-class'], tiers['imagenet-captions']]).to.deep.equal(['fixture', 'fixture', 'fixture'])
      // No classifiers: the LAIONet side comes from the released parquet.
      expect(tiers['accuracy-laionet']).to.equal('released')
    })

    it('treats the tiny random CLIP as a fixture even when local, and the hub as real only when allowed', () => {
      expect(tiersOf(parseConfig({ models: { clip: '/shared/fixtures/models/tiny-random-clip' } }))['laionet-filter']).to.equal('fixture')
      // A hub id is a name, not weights: until they are checked the tier is fixture, and says so.
      const hub = describeTiers(parseConfig({ models: { allowRemoteModels: true } })).find((t) => t.experiment === 'laionet-filter')!
      expect([hub.tier, hub.reason]).to.deep.equal(['fixture', 'CLIP text similarity on the real 10,000-row LAION-400M sample; CLIP weights Xenova/clip-vit-base-patch32 from the model hub https://huggingface.co/, not yet checked (run `laionet config` or an experiment to check them against the ViT-B/32 fingerprint); the paper\'s sizes are quoted beside'])
      expect(tiersOf(parseConfig({ models: { allowRemoteModels: true } }), verified)['laionet-filter']).to.equal('real')
      expect(tiersOf(parseConfig({ sources: { embeddings: { laionet: { file: 'a', labels: 'b' }, imagenetVal: { file: 'c', labels: 'd' } } } }))['intra-class']).to.equal('real')
    })
  })

  it('a configuration gives its run a context: its folders, its hub, and no hub access unless allowed', () => {
    const base = environmentContext({ LAIONET_MODELS: '/models', LAIONET_THREADS: '3' })
    const config = parseConfig({ outDir: '/o', cacheDir: '/c', dataMirror: '/m', models: { remoteHost: 'http://127.0.0.1:9/hub' } })
    const context = configContext(config, base)
    expect({ ...context, fetch: null }).to.deep.equal({ ...base, fetch: null, outDir: '/o', cacheDir: '/c', dataMirror: '/m', remoteHost: 'http://127.0.0.1:9/hub/', offline: true })
    // Without LAIONET_MODELS the model cache follows the configured cache folder.
    expect(configContext(config, environmentContext({})).modelCache).to.equal('/c/models')
    expect(configContext(parseConfig({ models: { allowRemoteModels: true } }), environmentContext({})).offline).to.equal(false)
  })

  it('reads the environment only when asked, into a value', () => {
    const context = environmentContext({ LAIONET_DATA_MIRROR: '/m', LAIONET_CACHE: '/c', LAIONET_OUT: '/o', LAIONET_OFFLINE: '1', LAIONET_FIXTURES: '/f', LAIONET_REMOTE_HOST: 'http://127.0.0.1:8080' })
    expect([context.dataMirror, context.cacheDir, context.outDir, context.modelCache, context.offline, context.fixturesDir, context.remoteHost, context.threads])
      .to.deep.equal(['/m', '/c', '/o', '/c/models', true, '/f', 'http://127.0.0.1:8080/', null])
    expect(environmentContext({ LAIONET_OFFLINE: '0' }).offline).to.equal(false)
    expect(() => environmentContext({ LAIONET_THREADS: 'many' })).to.throw('config: LAIONET_THREADS "many" is not a thread count (expected an integer from 1 to 9999). Set LAIONET_THREADS to a positive integer or unset it')
    // A scoped context reaches the layers below without any environment variable.
    const scoped = projectContext({ outDir: '/scoped-out' })
    expect(withContext(scoped, () => outDir())).to.equal('/scoped-out')
    expect(outDir()).to.not.equal('/scoped-out')
  })

  it('process.env is read only in src/config and src/cli (and handed on whole to the OCR child process)', () => {
    const readers: string[] = []
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name)
        if (e.isDirectory()) walk(path)
        else if (e.name.endsWith('.ts') && /process\.env/.test(readFileSync(path, 'utf8'))) readers.push(path.slice(root.length + 1))
      }
    }
    walk(join(root, 'src'))
    expect(readers.filter((f) => !/^src\/(cli|config)\//.test(f))).to.deep.equal(['src/laionet/ocr.ts'])
  })

  it('laionet config prints the resolved configuration and tiers', async () => {
    const file = join(dir, 'c.json')
    writeFileSync(file, JSON.stringify({ limits: { workers: 3 }, cacheDir: join(dir, 'cache') }))
    const json = await runCli(['config', '--file', file, '--json'])
    expect(json.code, json.stderr).to.equal(0)
    const parsed = JSON.parse(json.stdout)
    expect(parsed.config.file).to.equal(file)
    expect(parsed.config.limits.workers).to.equal(3)
    expect(parsed.clip.tier).to.equal('fixture')
    expect(parsed.clip.reason).to.equal('no real CLIP weights (models.clip "Xenova/clip-vit-base-patch32" is not a local folder or in the model cache, and models.allowRemoteModels is false), so the tiny random CLIP stands in')
    expect(parsed.tiers.find((t: { experiment: string }) => t.experiment === 'laionet-filter').tier).to.equal('fixture')
    const text = await runCli(['config', '--file', file])
    expect(text.stdout).to.contain(`Configuration: ${file}`)
    expect(text.stdout).to.contain('Model hub: https://huggingface.co/ (not contacted: models.allowRemoteModels is false)\nCLIP: ')
    expect(text.stdout).to.match(/\nintra-class +simulated +Fig\. 6\n/)
    const bad = await runCli(['config', '--file', join(dir, 'missing.json')])
    expect(bad.code).to.equal(1)
    expect(bad.stderr).to.contain('config: cannot read')
  })
})
