// The authors' label file format, written for the rehearsal: `wnid2laionindices(subset_sm_filt(...)).pkl` is Python's
// pickle.dump (protocol 4) of a dict {wnid: [global LAION index, ...]} (index = part * 1e8 + row), the format of the
// released top-50 files in the data mirror. Written with the opcodes CPython's pickler uses for that shape.

const BATCH = 1000 // CPython's pickler batches SETITEMS and APPENDS by 1000

function int(out: number[], v: number): void {
  if (!Number.isSafeInteger(v)) throw new Error(`labels-pickle: ${v} is not an integer`)
  if (v >= 0 && v < 256) out.push(0x4b, v) // BININT1
  else if (v >= 0 && v < 65536) out.push(0x4d, v & 0xff, v >> 8) // BININT2
  else if (v >= -(2 ** 31) && v < 2 ** 31) { // BININT
    const b = Buffer.alloc(4)
    b.writeInt32LE(v)
    out.push(0x4a, ...b)
  } else { // LONG1: little-endian two's complement, as few bytes as keep the sign
    let x = BigInt(v)
    const bytes: number[] = []
    while (true) {
      const byte = Number(x & 0xffn)
      bytes.push(byte)
      x >>= 8n
      if ((x === 0n && (byte & 0x80) === 0) || (x === -1n && (byte & 0x80) !== 0)) break
    }
    out.push(0x8a, bytes.length, ...bytes)
  }
}

/**
 * Returns the protocol-4 pickle bytes of `{wnid: [index, ...]}` in the given key and list order: CPython's bytes up to
 * 64 KiB (measured in test/rehearsal/labels-pickle.test.ts); beyond, CPython splits the frame where this writes one,
 * which both unpicklers read alike.
 * @example writeFileSync('labels.pkl', encodeIndexPickle({ n01440764: [100000007, 300000012] }))
 */
export function encodeIndexPickle(labels: Record<string, readonly number[]>): Uint8Array {
  const body: number[] = [0x7d, 0x94] // EMPTY_DICT, MEMOIZE
  const keys = Object.keys(labels)
  for (let k = 0; k < keys.length; k += BATCH) {
    const batch = keys.slice(k, k + BATCH)
    if (batch.length > 1) body.push(0x28) // MARK
    for (const key of batch) {
      const utf8 = Buffer.from(key, 'utf8')
      if (utf8.length > 255) throw new Error(`labels-pickle: key ${key.slice(0, 40)} is over 255 bytes`)
      body.push(0x8c, utf8.length, ...utf8, 0x94, 0x5d, 0x94) // SHORT_BINUNICODE, MEMOIZE, EMPTY_LIST, MEMOIZE
      const list = labels[key]
      for (let i = 0; i < list.length; i += BATCH) {
        const items = list.slice(i, i + BATCH)
        if (items.length === 1) { int(body, items[0]); body.push(0x61) } // APPEND
        else { body.push(0x28); for (const v of items) int(body, v); body.push(0x65) } // MARK ... APPENDS
      }
    }
    body.push(batch.length > 1 ? 0x75 : 0x73) // SETITEMS or SETITEM
  }
  body.push(0x2e) // STOP
  const frame = Buffer.alloc(9)
  frame[0] = 0x95 // FRAME + 8-byte length
  frame.writeBigUInt64LE(BigInt(body.length), 1)
  return new Uint8Array(Buffer.concat([Buffer.from([0x80, 0x04]), frame, Buffer.from(body)]))
}
