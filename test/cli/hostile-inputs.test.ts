import { expect } from 'chai'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { downloadImages } from '../../src/index.js'
import { parseConfig } from '../../src/config/parse-config.js'
import { runCli } from '../helpers/cli.js'
import { root, shared, skipWithoutShared } from '../helpers/shared.js'
import { cacheDir } from '../../src/data/cache-dir.js'
import { writeNpy } from '../../src/index.js'
import { parquetWriteFile } from 'hyparquet-writer'
import { openMatchWriter } from '../../src/laionet/write-matches.js'
import { MAX_STDIN_LINE_BYTES } from '../../src/cli/stdin-lines.js'

// Issue #23, the command part: what a hostile or careless user broke, each refused cleanly.
describe('cli: hostile and careless inputs (issue 23)', function () {
  this.timeout(60_000)
  let dir = ''
  before(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-hostile-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  describe('every number has a range: usage error, exit 2, naming the flag or key and the range', () => {
    it('download --concurrency 1e8 and 5e9, --timeout past 2^31-1 ms, --max-side 1e9: refused before any work', async () => {
      const input = join(dir, 'urls.csv')
      writeFileSync(input, 'url\nhttp://127.0.0.1:9/a.jpg\n')
      const run = (...flags: string[]) => runCli(['download', '--input', input, '--out', join(dir, 'dl'), ...flags])
      const first = async (...flags: string[]) => {
        const r = await run(...flags)
        return [r.code, r.stderr.split('\n')[0]]
      }
      expect(await first('--concurrency', '1e8')).to.deep.equal([2, 'laionet download: --concurrency: expected an integer in [1, 1024], got "1e8"'])
      expect(await first('--concurrency', '5e9')).to.deep.equal([2, 'laionet download: --concurrency: expected an integer in [1, 1024], got "5e9"'])
      // 2^31 ms is 2147483.648 s: Node would fire such a timer after 1 ms, recording every row as a timeout.
      expect(await first('--timeout', '2147483.648')).to.deep.equal([2, 'laionet download: --timeout: expected a number in [0.001, 2147483.647], got "2147483.648"'])
      expect(await first('--max-side', '1e9')).to.deep.equal([2, 'laionet download: --max-side: expected an integer in [1, 16383], got "1e9"'])
      expect(await first('--retries', '1e300')).to.deep.equal([2, 'laionet download: --retries: expected an integer in [0, 100], got "1e300"'])
      const json = await run('--concurrency', '1e8', '--json')
      expect([json.code, JSON.parse(json.stdout).error.code]).to.deep.equal([2, 'usage'])
    })

    it('downloadImages refuses the same values from a library caller, before creating the folder', async () => {
      const input = join(dir, 'lib.csv')
      writeFileSync(input, 'url\nhttp://127.0.0.1:9/a.jpg\n')
      const error = async (options: object) => downloadImages([input], join(dir, 'lib-out'), options).then(() => null, (e: Error) => e.message)
      expect(await error({ concurrency: 1e8 })).to.equal('download: concurrency 100000000 is out of range (expected an integer in [1, 1024])')
      expect(await error({ timeoutMs: 2 ** 31 })).to.equal('download: timeoutMs 2147483648 is out of range (expected an integer in [1, 2147483647])')
    })

    it('simulate --seed 1e20 (and -1, 1.5) is refused: the 32-bit streams would silently reuse seeds', async () => {
      for (const seed of ['1e20', '-1', '1.5', '4294967296']) {
        const r = await runCli(['simulate', `--seed=${seed}`])
        expect([r.code, r.stderr.split('\n')[0]]).to.deep.equal([2, `laionet simulate: --seed: expected an integer in [0, 4294967295], got "${seed}"`])
      }
    })

    it('configuration numbers share the flags\' ranges', () => {
      const cases: Array<[unknown, string]> = [
        [{ limits: { download: { timeoutMs: 2 ** 31 } } }, 'config: f.json: "limits.download.timeoutMs" must be an integer in [1, 2147483647] (got number 2147483648)'],
        [{ limits: { download: { concurrency: 1e8 } } }, 'config: f.json: "limits.download.concurrency" must be an integer in [1, 1024] (got number 100000000)'],
        [{ limits: { workers: 1e6 } }, 'config: f.json: "limits.workers" must be an integer in [1, 256] (got number 1000000)'],
        [{ limits: { maxLaionRows: 2 ** 60 } }, 'config: f.json: "limits.maxLaionRows" must be an integer in [1, 9007199254740991] or null (got number 1152921504606847000)'],
      ]
      for (const [raw, message] of cases) expect(() => parseConfig(raw, { file: 'f.json' })).to.throw(message)
    })
  })

  describe('keys that name members of Object.prototype are unknown keys', () => {
    it('__proto__, constructor, toString and hasOwnProperty in laionet.config.json are refused like a typo', () => {
      for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        // JSON.parse makes "__proto__" an own key, as reading the file does.
        const raw = JSON.parse(`{"${key}": {}}`)
        expect(() => parseConfig(raw, { file: 'f.json' }), key).to.throw(`config: f.json: "${key}" is not a known key (expected one of $schema, outDir, cacheDir, dataMirror, sources, models, limits, methods)`)
        const nested = JSON.parse(`{"limits": {"download": {"${key}": 1}}}`)
        expect(() => parseConfig(nested, { file: 'f.json' }), key).to.throw(`config: f.json: "limits.download.${key}" is not a known key`)
      }
    })

    it('laionet constructor and laionet toString are unknown commands', async () => {
      for (const name of ['constructor', 'toString', '__proto__']) {
        const r = await runCli([name])
        expect([r.code, r.stderr]).to.deep.equal([2, `laionet: unknown command "${name}". Run "laionet --help" for the list.\n`])
      }
    })
  })

  describe('crashes become errors', () => {
    const record = { row: 7, wnids: ['n01440764'], lemmas: ['tench'] }

    it('match --out in an unwritable folder: a clean error, a JSON error under --json', async () => {
      const input = join(dir, 'part-00000.parquet')
      parquetWriteFile({ filename: input, columnData: [{ name: 'TEXT', data: ['a tench'], type: 'STRING' }] })
      const r = await runCli(['match', '--input', input, '--out', '/proc/laionet-matches.jsonl', '--workers', '0', '--json'])
      expect(r.code).to.equal(1)
      expect(JSON.parse(r.stdout).error.message).to.match(/^laionet match: cannot create the lock \/proc\/laionet-matches\.jsonl\.lock \(/)
      // The writer itself, without the lock in front: the old stream had no 'error' listener and took the process down.
      const error = await openMatchWriter('/proc/laionet-matches.jsonl', 'jsonl').then(() => null, (e: Error) => e.message)
      expect(error).to.match(new RegExp(`^match: cannot write /proc/laionet-matches\\.jsonl\\.${process.pid}\\.partial \\(`))
    })

    it('a full disk names the file, and a failed rename leaves no .partial behind', async () => {
      const full = join(dir, 'full.jsonl')
      // The writer's temporary file, pointed at /dev/full: every write fails with ENOSPC.
      symlinkSync('/dev/full', `${full}.${process.pid}.partial`)
      const w = await openMatchWriter(full, 'jsonl')
      // The error comes from the write or the close (whichever sees it first); matchCaptionFiles then aborts.
      const error = await w.write(Array.from({ length: 2000 }, () => record)).then(() => w.close()).then(() => null, async (e: Error) => {
        await w.abort()
        return e.message
      })
      expect(error).to.equal(`match: cannot write ${full}.${process.pid}.partial (the disk is full, ENOSPC). Free some space or pass an output on a writable file system, then rerun the same command: what was committed is kept`)
      expect(existsSync(`${full}.${process.pid}.partial`)).to.equal(false)

      const folder = join(dir, 'a-folder.jsonl')
      mkdirSync(join(folder, 'inside'), { recursive: true })
      for (const format of ['jsonl', 'parquet'] as const) {
        const writer = await openMatchWriter(folder, format)
        await writer.write([record])
        const failed = await writer.close().then(() => null, (e: Error) => e.message)
        expect(failed).to.match(new RegExp(`^match: cannot move the results to ${folder.replace(/[.\\/]/g, '\\$&')} \\((EISDIR|ENOTEMPTY|EEXIST)\\)`))
        expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).to.deep.equal([])
      }
    })

    it(`embed-text: a stdin line over ${MAX_STDIN_LINE_BYTES} bytes is an error naming the line, not an uncaught RangeError`, async function () {
      skipWithoutShared(this, 'fixtures/models/tiny-random-clip')
      const long = `{"text": "a tench"}\n{"text": "${'x'.repeat(MAX_STDIN_LINE_BYTES)}"}\n`
      const r = await runCli(['embed-text', '--model', shared('fixtures/models/tiny-random-clip'), '--no-cache', '--json'], long)
      expect(r.code).to.equal(1)
      expect(JSON.parse(r.stdout.split('\n').filter(Boolean).pop()!).error).to.deep.equal({
        message: `laionet embed-text: stdin line 2 is longer than ${MAX_STDIN_LINE_BYTES} bytes (expected one JSON object per line). Split the input into lines of at most that size`,
        code: 'invalid-input',
      })
      // Lines split anywhere across chunks, with \r\n ends, still read as before.
      const ok = await runCli(['embed-text', '--model', shared('fixtures/models/tiny-random-clip'), '--no-cache'], '{"text": "a"}\r\n\n{"text": "b"}')
      expect(ok.code, ok.stderr).to.equal(0)
      expect(ok.stdout.trim().split('\n')).to.have.length(2)
    })
  })

  describe('smaller: messages that say what is wrong', () => {
    it('embed-images --out x.txt says the output must be a .npy', async () => {
      const r = await runCli(['embed-images', '--model', 'm', '--out', join(dir, 'x.txt'), dir])
      expect([r.code, r.stderr.split('\n')[0]]).to.deep.equal([2, `laionet embed-images: --out: "${join(dir, 'x.txt')}" does not end in .npy (the embeddings are written as a float32 .npy, with <name>.files.json and <name>.errors.json beside it)`])
    })

    it('accuracy --classes with a pickle keyed by anything but ImageNet wnids is an error (exit 1), not null results', async function () {
      skipWithoutShared(this, 'data/paper/ILSVRC2012_val.parquet')
      const saved = process.env.LAIONET_DATA_MIRROR
      process.env.LAIONET_DATA_MIRROR ??= shared('data')
      try {
        // pickle.dumps({'cat': [1], 'dog': [2]}, protocol=2)
        const pkl = join(dir, 'animals.pkl')
        writeFileSync(pkl, Buffer.from('\x80\x02}q\x00(X\x03\x00\x00\x00catq\x01]q\x02K\x01aX\x03\x00\x00\x00dogq\x03]q\x04K\x02au.', 'latin1'))
        const r = await runCli(['accuracy', '--paper-val', shared('data/paper/ILSVRC2012_val.parquet'), '--classes', pkl, '--json'])
        expect([r.code, JSON.parse(r.stdout).error]).to.deep.equal([1, {
          message: `laionet accuracy: --classes ${pkl}: none of its 2 keys is an ImageNet wnid (first: "cat", "dog"). Pass a labels pickle keyed by wnids such as n01440764, e.g. paper/laionet_clip_top50_labels.pkl`,
          code: 'invalid-input',
        }])
      } finally {
        if (saved === undefined) delete process.env.LAIONET_DATA_MIRROR
        else process.env.LAIONET_DATA_MIRROR = saved
      }
    })

    it('a labels file that is not JSON is quoted at the error, with line and column', async () => {
      const npy = join(dir, 'e.npy')
      await writeNpy(npy, { dtype: 'float32', shape: [3, 2], data: new Float32Array([1, 0, 0, 1, 1, 0]) })
      const labels = join(dir, 'labels.json')
      writeFileSync(labels, '[\n  "n01440764",\n  "n01443537",,\n  "n01484850"\n]\n')
      const r = await runCli(['intra-class', '--embeddings', npy, '--labels', labels, '--any-labels'])
      expect([r.code, r.stderr]).to.deep.equal([1, `laionet intra-class: ${labels} is not valid JSON: error at line 3, column 15 (character 31), near "[\\n  \\"n01440764\\",\\n  \\"n01443537\\",⟦,⟧\\n  \\"n01484850\\"\\n]\\n". Fix the file there (the marked character is where the parser stopped)\n`])
      writeFileSync(labels, '["n01440764", "n01443537"')
      const cut = await runCli(['intra-class', '--embeddings', npy, '--labels', labels, '--any-labels'])
      expect(cut.stderr).to.equal(`laionet intra-class: ${labels} is not valid JSON: error at line 1, column 26 (character 25), the text ends there (last characters: "[\\"n01440764\\", \\"n01443537\\""). Fix the file there (the marked character is where the parser stopped)\n`)
    })

    it('the default cache folder is the project root\'s data/cache, from any working directory', () => {
      const saved = { cwd: process.cwd(), cache: process.env.LAIONET_CACHE }
      delete process.env.LAIONET_CACHE
      try {
        process.chdir(tmpdir())
        expect(cacheDir()).to.equal(join(root, 'data', 'cache'))
      } finally {
        process.chdir(saved.cwd)
        if (saved.cache !== undefined) process.env.LAIONET_CACHE = saved.cache
      }
    })
  })
})
