const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/**
 * Returns the value of an IEEE 754 half-precision bit pattern (subnormals, infinities and NaN included).
 * @example float16ToNumber(0x3c00) // 1
 */
export function float16ToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >> 10) & 0x1f
  const frac = h & 0x3ff
  if (exp === 0) return sign * frac * 2 ** -24
  if (exp === 0x1f) return frac ? NaN : sign * Infinity
  return sign * (1 + frac / 1024) * 2 ** (exp - 15)
}

/**
 * Returns the half-precision bit pattern nearest to `value` after rounding it to float32, ties to even
 * (numpy's astype(float16)): overflow gives infinity, underflow gives subnormals or signed zero, NaN keeps its payload's top bits.
 * @example numberToFloat16(65504) // 0x7bff
 */
export function numberToFloat16(value: number): number {
  f32[0] = value
  return float32BitsToFloat16(u32[0])
}

/** Returns the half-precision bit pattern nearest to the float32 with bit pattern `x` (ties to even). */
function float32BitsToFloat16(x: number): number {
  const sign = (x >>> 16) & 0x8000
  const exp = (x >>> 23) & 0xff
  const mant = x & 0x7fffff
  if (exp === 0xff) {
    if (mant === 0) return sign | 0x7c00
    // NaN keeps its top payload bits, as numpy does, and never collapses to infinity.
    return sign | 0x7c00 | (mant >>> 13) | (mant >>> 13 ? 0 : 1)
  }
  const e = exp - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign // below half the smallest subnormal: rounds to zero
    const m = mant | 0x800000 // the implicit leading one
    const shift = 14 - e
    let half = m >>> shift
    const rest = m & ((1 << shift) - 1)
    const mid = 1 << (shift - 1)
    if (rest > mid || (rest === mid && (half & 1))) half++
    return sign | half
  }
  let h = sign | (e << 10) | (mant >>> 13)
  const rest = mant & 0x1fff
  // A carry out of the mantissa correctly bumps the exponent (and reaches infinity at the top).
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h++
  return h
}

// All 65,536 half values, built on first use (256 KB): decoding is then one lookup per value.
let table: Float32Array | undefined

/** Decodes little-endian float16 values from `bytes` into a Float32Array. */
export function decodeFloat16(bytes: Uint8Array): Float32Array {
  if (!table) {
    table = new Float32Array(65536)
    for (let h = 0; h < 65536; h++) table[h] = float16ToNumber(h)
  }
  const out = new Float32Array(bytes.length >> 1)
  for (let i = 0; i < out.length; i++) out[i] = table[bytes[2 * i] | (bytes[2 * i + 1] << 8)]
  return out
}

/**
 * Encodes float32 values as little-endian float16 bytes (round to nearest, ties to even). Works on the float32 bits:
 * reading them as JavaScript numbers would quiet signalling NaNs and lose their payloads.
 */
export function encodeFloat16(values: Float32Array): Uint8Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length)
  const out = new Uint8Array(values.length * 2)
  for (let i = 0; i < values.length; i++) {
    const h = float32BitsToFloat16(bits[i])
    out[2 * i] = h & 0xff
    out[2 * i + 1] = h >> 8
  }
  return out
}
