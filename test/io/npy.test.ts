import { expect } from 'chai'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readNpy, writeNpy, type NpyArray } from '../../src/index.js'
import { encodeNpy, npyNumbers, parseNpy } from '../../src/io/npy.js'
import { float16ToNumber, numberToFloat16 } from '../../src/io/float16.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { cleanup, rejection, tempDir } from '../data/fixtures.js'

const files = fileURLToPath(new URL('./files/npy/', import.meta.url))
const expected = JSON.parse(readFileSync(join(files, 'expected.json'), 'utf8')) as Record<string, { descr: string, shape: number[], values: Array<number | string | boolean> }>

function asExpected(v: unknown): number | string | boolean {
  if (typeof v === 'bigint') return Math.abs(Number(v)) > 2 ** 53 ? v.toString() : Number(v)
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf'
  return v as number
}

describe('io/npy', () => {
  describe('reads numpy-written files of every dtype', () => {
    const dtypes: Record<string, string> = {
      float32_2x3: 'float32', float64_4: 'float64', int64_3x2: 'int64', int32_5: 'int32', uint8_2x2x2: 'uint8', bool_5: 'bool',
      int8_3: 'int8', int16_3: 'int16', uint16_2: 'uint16', uint32_2: 'uint32', uint64_2: 'uint64', float32_scalar: 'float32', float32_0x4: 'float32',
    }
    for (const [name, dtype] of Object.entries(dtypes)) {
      it(`${name} (${expected[name].descr})`, async () => {
        const a = await readNpy(join(files, `${name}.npy`))
        expect(a.dtype).to.equal(dtype)
        expect(a.shape).to.deep.equal(expected[name].shape)
        const values = Array.from(a.data as ArrayLike<unknown>, (v) => (dtype === 'bool' ? v === 1 : asExpected(v)))
        const want = expected[name].values.map((v) => (dtype === 'float32' && typeof v === 'number' ? Math.fround(v) : v))
        expect(values).to.deep.equal(want)
      })
    }
  })

  it('encodes byte for byte what numpy.save writes', () => {
    for (const name of ['float32_2x3', 'float64_4', 'int64_3x2', 'int32_5', 'uint8_2x2x2', 'bool_5', 'uint64_2', 'float32_scalar', 'float32_0x4']) {
      const bytes = readFileSync(join(files, `${name}.npy`))
      expect(Buffer.from(encodeNpy(parseNpy(bytes, name))).equals(bytes), name).to.equal(true)
    }
  })

  it('reads a version 2.0 header', () => {
    const a = parseNpy(readFileSync(join(files, 'v2_float32_3.npy')))
    expect(a).to.deep.equal({ dtype: 'float32', shape: [3], data: new Float32Array([1.5, -2.5, 3.5]) })
  })

  it('readNpy reads the data straight from the file: a matrix larger than the first read, and a header longer than it', async () => {
    const dir = tempDir('npy-read-')
    try {
      const data = Float32Array.from({ length: 40_000 }, (_, i) => Math.sin(i))
      const big = join(dir, 'big.npy')
      await writeNpy(big, { dtype: 'float32', shape: [200, 200], data })
      expect(await readNpy(big)).to.deep.equal({ dtype: 'float32', shape: [200, 200], data })
      // A version 2.0 header padded past 64 KiB (legal, if odd): read whole, then parsed.
      const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"
      const header = Buffer.from(dict.padEnd(70_000 - 12 - 1, ' ') + '\n', 'latin1')
      const prefix = Buffer.from([0x93, ...Buffer.from('NUMPY'), 2, 0, 0, 0, 0, 0])
      prefix.writeUInt32LE(header.length, 8)
      const long = join(dir, 'long-header.npy')
      writeFileSync(long, Buffer.concat([prefix, header, Buffer.from(new Float64Array([0.25, -8]).buffer)]))
      expect(await readNpy(long)).to.deep.equal({ dtype: 'float64', shape: [2], data: new Float64Array([0.25, -8]) })
      // Above 16 MiB the data is read in four parts at once: every value lands where it belongs, the last part short.
      const rows = 4_196_353 // just over 16 MiB of float32; the parts split values mid-way (4,196,353 bytes each)
      const many = Float32Array.from({ length: rows }, (_, i) => i)
      await writeNpy(join(dir, 'many.npy'), { dtype: 'float32', shape: [rows], data: many })
      const read = await readNpy(join(dir, 'many.npy'))
      expect(read.shape).to.deep.equal([rows])
      expect((read.data as Float32Array).findIndex((v, i) => v !== i), 'first misplaced value').to.equal(-1)
    } finally {
      cleanup(dir)
    }
  })

  it('writes a version 2.0 header when the shape does not fit version 1.0', () => {
    const shape = Array.from({ length: 25000 }, () => 1)
    const bytes = encodeNpy({ dtype: 'uint8', shape, data: new Uint8Array([9]) })
    expect(bytes[6]).to.equal(2)
    expect((10 + new DataView(bytes.buffer).getUint32(8, true) + 2) % 64).to.equal(0)
    expect(parseNpy(bytes)).to.deep.equal({ dtype: 'uint8', shape, data: new Uint8Array([9]) })
  })

  describe('float16', () => {
    it('decodes hand-made bit patterns: 1, -2, 0.5, 65504, subnormals, inf, nan, -0', () => {
      expect(float16ToNumber(0x3c00)).to.equal(1)
      expect(float16ToNumber(0xc000)).to.equal(-2)
      expect(float16ToNumber(0x3800)).to.equal(0.5)
      expect(float16ToNumber(0x7bff)).to.equal(65504)
      expect(float16ToNumber(0x0001)).to.equal(2 ** -24)
      expect(float16ToNumber(0x03ff)).to.equal(1023 * 2 ** -24)
      expect(float16ToNumber(0x0400)).to.equal(2 ** -14)
      expect(float16ToNumber(0x7c00)).to.equal(Infinity)
      expect(float16ToNumber(0xfc00)).to.equal(-Infinity)
      expect(float16ToNumber(0x7e00)).to.be.NaN
      expect(Object.is(float16ToNumber(0x8000), -0)).to.equal(true)
    })

    it('reads numpy float16 edge values as float32', async () => {
      const a = await readNpy(join(files, 'float16_special.npy'))
      expect(a.dtype).to.equal('float16')
      expect(a.data).to.be.instanceOf(Float32Array)
      const bits = expected.float16_special as unknown as { bits: number[] }
      expect(Array.from(a.data as Float32Array).map((v) => (Number.isNaN(v) ? 'nan' : v)))
        .to.deep.equal(bits.bits.map((b) => (Number.isNaN(float16ToNumber(b)) ? 'nan' : float16ToNumber(b))))
      expect(Array.from(a.data as Float32Array).slice(0, 4)).to.deep.equal([1, -2, 0.5, 65504])
    })

    it('encodes with round-to-nearest-even exactly as numpy astype(float16), ties included', async () => {
      const inputs = (await readNpy(join(files, 'float16_inputs_f32.npy'))).data as Float32Array
      const golden = readFileSync(join(files, 'float16_from_numpy.npy'))
      const want = new Uint16Array(golden.buffer.slice(golden.byteOffset + 128, golden.byteOffset + golden.length))
      expect(want.length).to.equal(inputs.length)
      // Through encodeNpy (float32 bits, so NaN payloads survive) every bit pattern matches numpy.
      const encoded = encodeNpy({ dtype: 'float16', shape: [inputs.length], data: inputs })
      const got = new Uint16Array(encoded.buffer.slice(128))
      const mismatches = Array.from(got).flatMap((h, i) => (h === want[i] ? [] : [[inputs[i], h.toString(16), want[i].toString(16)]]))
      expect(mismatches).to.deep.equal([])
      // numberToFloat16 takes a JavaScript number: same result for every non-NaN input.
      const viaNumbers = Array.from(inputs, (v) => numberToFloat16(v)).filter((h, i) => !Number.isNaN(inputs[i]) && h !== want[i])
      expect(viaNumbers).to.deep.equal([])
      expect(numberToFloat16(65520)).to.equal(0x7c00) // overflow rounds to inf
      expect(numberToFloat16(2 ** -25)).to.equal(0) // the tie below the smallest subnormal goes to even (zero)
      expect(numberToFloat16(3 * 2 ** -25)).to.equal(2) // ... and 1.5 subnormal steps to 2
    })

    it('round-trips float16 files through encodeNpy and parseNpy', () => {
      const data = new Float32Array([1, -2, 0.5, 65504, 2 ** -24, Infinity, -0])
      const back = parseNpy(encodeNpy({ dtype: 'float16', shape: [7], data }))
      expect(back).to.deep.equal({ dtype: 'float16', shape: [7], data })
      const nan = parseNpy(encodeNpy({ dtype: 'float16', shape: [1], data: new Float32Array([NaN]) }))
      expect(Number.isNaN(nan.data[0])).to.equal(true)
    })
  })

  describe('real files from ../shared', () => {
    it('ImageNetV2 top-5 predictions: int64 [N, 5] class indices in 0..999', async function () {
      skipWithoutShared(this, 'data/imagenetv2/predictions/imagenet-validation-original/resnet50.npy')
      const a = await readNpy(shared('data/imagenetv2/predictions/imagenet-validation-original/resnet50.npy'))
      expect(a.dtype).to.equal('int64')
      expect(a.shape).to.deep.equal([50000, 5])
      const n = npyNumbers(a)
      expect(n.every((v) => Number.isInteger(v) && v >= 0 && v < 1000)).to.equal(true)
      for (let r = 0; r < 50000; r += 997) expect(new Set(n.subarray(5 * r, 5 * r + 5)).size).to.equal(5) // distinct top-5
      for (const set of ['imagenetv2-a-44', 'imagenetv2-b-33', 'imagenetv2-c-12']) {
        expect((await readNpy(shared(`data/imagenetv2/predictions/${set}/resnet50.npy`))).shape).to.deep.equal([10000, 5])
      }
    })

    it('CLIP ViT-B/32 image embeddings: float32 [7, 512], unit rows', async function () {
      skipWithoutShared(this, 'data/clip/golden-real/image_embeds_vit_b32.npy')
      const a = await readNpy(shared('data/clip/golden-real/image_embeds_vit_b32.npy'))
      expect([a.dtype, a.shape]).to.deep.equal(['float32', [7, 512]])
      for (let r = 0; r < 7; r++) {
        let s = 0
        for (let j = 0; j < 512; j++) s += (a.data[r * 512 + j] as number) ** 2
        expect(Math.sqrt(s)).to.be.closeTo(1, 1e-3)
      }
    })

    it('fixture goldens: float32 arrays whose bytes re-encode identically', async function () {
      skipWithoutShared(this, 'fixtures/golden/clip_pixel_values.npy')
      for (const name of ['clip_pixel_values', 'tiny-random-vit_logits', 'tiny-random-resnet_logits', 'tiny-random-vit_pixel_values']) {
        const bytes = readFileSync(shared(`fixtures/golden/${name}.npy`))
        const a = parseNpy(bytes, name)
        expect(a.dtype, name).to.equal('float32')
        expect(a.data.length).to.equal(a.shape.reduce((x, y) => x * y, 1))
        expect(Buffer.from(encodeNpy(a)).equals(bytes), name).to.equal(true)
      }
      const logits = await readNpy(shared('fixtures/golden/tiny-random-vit_logits.npy'))
      expect(logits.shape[1]).to.equal(1000)
    })
  })

  describe('writing', () => {
    let dir: string
    beforeEach(() => { dir = tempDir('npy') })
    afterEach(() => cleanup(dir))

    it('writes and reads back every dtype', async () => {
      const arrays: NpyArray[] = [
        { dtype: 'float32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
        { dtype: 'float64', shape: [1], data: new Float64Array([Math.PI]) },
        { dtype: 'int64', shape: [2], data: new BigInt64Array([-5n, 2n ** 60n]) },
        { dtype: 'int32', shape: [3], data: new Int32Array([1, -1, 7]) },
        { dtype: 'uint8', shape: [2], data: new Uint8Array([0, 255]) },
        { dtype: 'bool', shape: [2], data: new Uint8Array([1, 0]) },
        { dtype: 'float16', shape: [1, 3], data: new Float32Array([0.5, -0.25, 2048]) },
      ]
      for (const [i, a] of arrays.entries()) {
        const file = join(dir, `${i}.npy`)
        await writeNpy(file, a)
        expect(await readNpy(file)).to.deep.equal(a)
      }
    })

    it('npyNumbers converts int64 exactly and refuses values beyond 2^53', () => {
      expect(Array.from(npyNumbers({ dtype: 'int64', shape: [2], data: new BigInt64Array([-3n, 2n ** 53n - 1n]) }))).to.deep.equal([-3, 2 ** 53 - 1])
      expect(() => npyNumbers({ dtype: 'int64', shape: [1], data: new BigInt64Array([2n ** 60n]) }))
        .to.throw('npy: value 1152921504606846976 at index 0 is beyond 2^53 and cannot be a number exactly; keep the BigInt data')
    })

    it('rejects data that does not fit the shape or dtype', () => {
      expect(() => encodeNpy({ dtype: 'float32', shape: [2, 2], data: new Float32Array(3) })).to.throw('npy: shape [2, 2] needs 4 values, got 3')
      expect(() => encodeNpy({ dtype: 'int64', shape: [1], data: new Float64Array(1) })).to.throw('npy: dtype int64 needs a BigInt64Array, got Float64Array')
    })
  })

  describe('errors name the file and the fix', () => {
    it('Fortran order, big-endian, object dtype, not npy, truncated', async () => {
      const f = (n: string) => join(files, n)
      expect((await rejection(readNpy(f('fortran_2x3.npy'))))?.message).to.equal(
        `npy: ${f('fortran_2x3.npy')} is in Fortran (column-major) order, which is not supported. Re-save it with np.save(f, np.ascontiguousarray(a))`)
      expect((await rejection(readNpy(f('bigendian_f4.npy'))))?.message).to.equal(
        `npy: ${f('bigendian_f4.npy')} is big-endian (descr '>f4'), which is not supported. Re-save it with a.astype(a.dtype.newbyteorder('<'))`)
      expect((await rejection(readNpy(f('object.npy'))))?.message).to.match(/^npy: .*object\.npy has dtype '\|O', which is not supported \(expected one of <f2, <f4, /)
      expect((await rejection(readNpy(f('expected.json'))))?.message).to.equal(`npy: ${f('expected.json')} is not an npy file (it does not start with \\x93NUMPY)`)
      const dir = tempDir('npyerr')
      try {
        const cut = join(dir, 'cut.npy')
        writeFileSync(cut, readFileSync(f('float32_2x3.npy')).subarray(0, 128 + 10))
        expect((await rejection(readNpy(cut)))?.message).to.equal(`npy: ${cut} is truncated: shape [2, 3] of float32 needs 24 bytes of data, the file has 10`)
        const missing = join(dir, 'none.npy')
        expect((await rejection(readNpy(missing)))?.message).to.equal(`npy: cannot read ${missing} (ENOENT: no such file or directory, open '${missing}')`)
      } finally {
        cleanup(dir)
      }
    })
  })
})
