// Hand-made parquet files for hostile-input tests: a Thrift compact-protocol encoder (parquet-format's parquet.thrift
// field ids) and a one-column file writer whose pages, sizes and footer fields the test chooses, so a test can build
// exactly the malformed file it means (the writers refuse to). Independent of src/: nothing here calls the reader.

type Field = [id: number, type: number, value: unknown]

/** Compact-protocol type ids. */
export const T = { TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 } as const

/** A Thrift struct value: its fields in id order. */
export class Struct {
  constructor(readonly fields: Field[]) {}
}

/** A Thrift list value: the element type and the elements. */
export class List {
  constructor(readonly elementType: number, readonly items: unknown[]) {}
}

/** Unsigned LEB128 of a non-negative integer below 2^64 (as a bigint or number). */
export function varint(n: number | bigint): number[] {
  let v = BigInt(n)
  const out: number[] = []
  do {
    let b = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) b |= 0x80
    out.push(b)
  } while (v > 0n)
  return out
}

function zigzag(n: number | bigint): number[] {
  const v = BigInt(n)
  return varint(v >= 0n ? v * 2n : -v * 2n - 1n)
}

function value(type: number, v: unknown): number[] {
  switch (type) {
    case T.BYTE: return [(v as number) & 0xff]
    case T.I16: case T.I32: case T.I64: return zigzag(v as number | bigint)
    case T.BINARY: {
      const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : (v as Uint8Array)
      return [...varint(bytes.length), ...bytes]
    }
    case T.LIST: {
      const list = v as List
      const n = list.items.length
      const head = n < 15 ? [(n << 4) | list.elementType] : [0xf0 | list.elementType, ...varint(n)]
      return [...head, ...list.items.flatMap((item) => (list.elementType === T.TRUE || list.elementType === T.FALSE ? [item ? 1 : 2] : value(list.elementType, item)))]
    }
    case T.STRUCT: return struct(v as Struct)
    default: throw new Error(`craft: type ${type} not written`)
  }
}

/** Encodes a struct: field headers with id deltas, values, the stop byte. Booleans are fields of type TRUE/FALSE. */
export function struct(s: Struct): number[] {
  const out: number[] = []
  let last = 0
  for (const [id, type, v] of s.fields) {
    const t = type === T.TRUE || type === T.FALSE ? (v ? T.TRUE : T.FALSE) : type
    if (id > last && id - last <= 15) out.push(((id - last) << 4) | t)
    else out.push(t, ...zigzag(id))
    last = id
    if (t !== T.TRUE && t !== T.FALSE) out.push(...value(type, v))
  }
  out.push(0)
  return out
}

/** A page header (parquet.thrift PageHeader) of a data page v1 (type 0) or dictionary page (type 2). */
export function pageHeader(type: 0 | 2, uncompressed: number, compressed: number, values: number, encoding: number, extra: Field[] = []): number[] {
  const sub = type === 0 ? new Struct([[1, T.I32, values], [2, T.I32, encoding], [3, T.I32, 3], [4, T.I32, 3]]) : new Struct([[1, T.I32, values], [2, T.I32, encoding]])
  return struct(new Struct([[1, T.I32, type], [2, T.I32, uncompressed], [3, T.I32, compressed], [type === 0 ? 5 : 7, T.STRUCT, sub], ...extra]))
}

/** PLAIN byte arrays: a 4-byte little-endian length before each value. */
export function plainValues(values: (string | Uint8Array)[]): number[] {
  return values.flatMap((v) => {
    const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : v
    return [bytes.length & 0xff, (bytes.length >> 8) & 0xff, (bytes.length >> 16) & 0xff, (bytes.length >>> 24) & 0xff, ...bytes]
  })
}

/** What the footer says of the one column chunk; defaults describe the chunk as written. */
export interface CraftOptions {
  /** Rows of the row group (and the file). */
  rows: number
  /** Codec id: 0 UNCOMPRESSED, 1 SNAPPY, 2 GZIP, 6 ZSTD. Default 0. */
  codec?: number
  /** Byte offset in the chunk of the first data page (else the dictionary page's offset is omitted). Default 0. */
  dataPageAt?: number
  /** The footer's total_uncompressed_size. Default: the chunk's length. */
  uncompressed?: number
  /** The column's repetition: 0 REQUIRED, 1 OPTIONAL. Default 0. */
  repetition?: number
}

/**
 * A parquet file of one BYTE_ARRAY (UTF8) column TEXT and one row group whose column chunk is `chunk` (page headers
 * and bodies, as the test made them).
 */
export function craftParquet(chunk: number[], options: CraftOptions): Uint8Array {
  const { rows, codec = 0, dataPageAt = 0, uncompressed = chunk.length, repetition = 0 } = options
  const start = 4
  const meta = new Struct([
    [1, T.I32, 6], [2, T.LIST, new List(T.I32, [0, 3, 2])], [3, T.LIST, new List(T.BINARY, ['TEXT'])], [4, T.I32, codec],
    [5, T.I64, rows], [6, T.I64, uncompressed], [7, T.I64, chunk.length], [9, T.I64, start + dataPageAt],
    ...(dataPageAt > 0 ? [[11, T.I64, start] as Field] : []),
  ])
  const footer = struct(new Struct([
    [1, T.I32, 1],
    [2, T.LIST, new List(T.STRUCT, [new Struct([[4, T.BINARY, 'schema'], [5, T.I32, 1]]), new Struct([[1, T.I32, 6], [3, T.I32, repetition], [4, T.BINARY, 'TEXT'], [6, T.I32, 0]])])],
    [3, T.I64, rows],
    [4, T.LIST, new List(T.STRUCT, [new Struct([[1, T.LIST, new List(T.STRUCT, [new Struct([[2, T.I64, start], [3, T.STRUCT, meta]])])], [2, T.I64, chunk.length], [3, T.I64, rows]])])],
  ]))
  const magic = [0x50, 0x41, 0x52, 0x31]
  const n = footer.length
  return Uint8Array.from([...magic, ...chunk, ...footer, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff, ...magic])
}
