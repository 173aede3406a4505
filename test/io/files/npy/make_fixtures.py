import numpy as np, json, os
d = os.path.dirname(os.path.abspath(__file__))
os.chdir(d)
expected = {}
rng = np.random.default_rng(7)
arrays = {
  'float32_2x3': np.arange(6, dtype='<f4').reshape(2, 3) / 3,
  'float64_4': np.array([0.1, -1e300, 5e-324, np.pi], dtype='<f8'),
  'int64_3x2': np.array([[0, -1], [2**53, -2**62], [7, 123456789012]], dtype='<i8'),
  'int32_5': np.array([0, -1, 2**31 - 1, -2**31, 42], dtype='<i4'),
  'uint8_2x2x2': np.arange(8, dtype='u1').reshape(2, 2, 2) * 31,
  'bool_5': np.array([True, False, True, True, False]),
  'int8_3': np.array([-128, 0, 127], dtype='i1'),
  'int16_3': np.array([-32768, 1, 32767], dtype='<i2'),
  'uint16_2': np.array([0, 65535], dtype='<u2'),
  'uint32_2': np.array([0, 4294967295], dtype='<u4'),
  'uint64_2': np.array([0, 2**64 - 1], dtype='<u8'),
  'float32_scalar': np.array(2.5, dtype='<f4'),
  'float32_0x4': np.zeros((0, 4), dtype='<f4'),
}
for name, a in arrays.items():
  np.save(f'{name}.npy', a)
  vals = a.ravel().tolist()
  expected[name] = { 'descr': a.dtype.str, 'shape': list(a.shape), 'values': [str(v) if isinstance(v, int) and abs(v) > 2**53 else (v if not isinstance(v, float) or np.isfinite(v) else str(v)) for v in vals] }
# float16: hand-picked values and numpy's conversion of float32 inputs, including exact ties
special = np.array([1, -2, 0.5, 65504, 2**-24, 2**-14, 2**-14 - 2**-24, 3 * 2**-25, 2**-25, 0.1, 65519, 65520, np.inf, -np.inf, np.nan, -0.0, 1 + 2**-11, 1 + 3 * 2**-11, 1e-8, -1e-8], dtype='<f4')
rand = np.concatenate([rng.standard_normal(500).astype('<f4') * 100, rng.standard_normal(500).astype('<f4') * 1e-5,
                       (rng.integers(0, 2**16, 500).astype('<u2').view('<f2').astype('<f4'))])
# exact ties: halfway between adjacent float16 values
h = rng.integers(0, 0x7bff, 300).astype('<u2')
lo = h.view('<f2').astype('<f8'); hi = (h + 1).view('<f2').astype('<f8')
ties = ((lo + hi) / 2).astype('<f4')
inputs = np.concatenate([special, rand, ties]).astype('<f4')
np.save('float16_inputs_f32.npy', inputs)
np.save('float16_from_numpy.npy', inputs.astype('<f2'))
np.save('float16_special.npy', special.astype('<f2'))
expected['float16_special'] = { 'inputs': [str(v) if not np.isfinite(v) else float(v) for v in special.tolist()],
  'bits': special.astype('<f2').view('<u2').tolist() }
# unsupported / alternative layouts
with open('v2_float32_3.npy', 'wb') as f:
  np.lib.format.write_array(f, np.array([1.5, -2.5, 3.5], dtype='<f4'), version=(2, 0))
np.save('fortran_2x3.npy', np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3)))
np.save('bigendian_f4.npy', np.array([1, 2], dtype='>f4'))
np.save('object.npy', np.array([1, 'a'], dtype=object), allow_pickle=True)
json.dump(expected, open('expected.json', 'w'), indent=1)
print(sorted(os.listdir('.')))
