import { expect } from 'chai'
import { parseNpyHeader } from '../../src/io/npy-header.js'

/** A version 1.0 npy header holding `dict`, padded as numpy pads it (to 64 bytes, ending in a newline). */
function npyHeader(dict: string): Uint8Array {
  const total = 10 + dict.length + 1
  const text = dict + ' '.repeat((64 - (total % 64)) % 64) + '\n'
  const out = new Uint8Array(10 + text.length)
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8])
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i)
  return out
}

const parse = (dict: string) => {
  const h = parseNpyHeader(npyHeader(dict), 'x.npy')
  return { dtype: h.dtype, shape: h.shape }
}
const errorOf = (dict: string) => { try { parse(dict); return 'no error' } catch (err) { return (err as Error).message } }

// Issue 23, item 13: a header with a repeated key was read with the key's first value; numpy reads the dict literal
// with ast.literal_eval, where the last one wins. Each expectation is what numpy 2.4.6's np.load gave for the same
// bytes (checked by hand: int32 (3,); int32 (3,); "shape is not valid: 3"; "Header does not contain the correct
// keys"; int32 (3,) for Python 2's 3L).
describe('io/npy header as numpy reads it (issue 23, item 13)', () => {
  it('takes the last value of a repeated key', () => {
    expect(parse("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'descr': '<i4', 'shape': (3,), }")).to.deep.equal({ dtype: 'int32', shape: [3] })
    expect(parse("{'descr': '<i4', 'fortran_order': True, 'shape': (3,), 'fortran_order': False}")).to.deep.equal({ dtype: 'int32', shape: [3] })
  })

  it('reads Python 2 long shapes, double quotes and any spacing; a scalar has shape ()', () => {
    expect(parse("{'descr': '<i4', 'fortran_order': False, 'shape': (3L,), }")).to.deep.equal({ dtype: 'int32', shape: [3] })
    expect(parse('{"descr":"<f4","fortran_order":False,"shape":(2, 3)}')).to.deep.equal({ dtype: 'float32', shape: [2, 3] })
    expect(parse("{'descr': '<f4', 'fortran_order': False, 'shape': (), }")).to.deep.equal({ dtype: 'float32', shape: [] })
  })

  it('refuses what numpy refuses: (3) as a shape, other keys, a missing key, text after the dict', () => {
    const dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (3), }"
    expect(errorOf(dict)).to.equal(`npy: x.npy has a malformed header ${JSON.stringify(dict)} ((n) is an int, not a tuple: a shape of one dimension is written (n,) at character 53; expected a dict of descr, fortran_order and shape)`)
    expect(errorOf("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), 'extra': (1,)}")).to.equal('npy: x.npy has header keys descr, extra, fortran_order, shape (expected exactly descr, fortran_order and shape, as numpy requires)')
    expect(errorOf("{'descr': '<i4', 'shape': (3,)}")).to.equal('npy: x.npy has header keys descr, shape (expected exactly descr, fortran_order and shape, as numpy requires)')
    const trailing = "{'descr': '<i4', 'fortran_order': False, 'shape': (3,)} x"
    expect(errorOf(trailing)).to.equal(`npy: x.npy has a malformed header ${JSON.stringify(trailing)} (text after the dict at character 56; expected a dict of descr, fortran_order and shape)`)
  })
})
