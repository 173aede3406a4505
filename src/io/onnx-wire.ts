/**
 * The protocol-buffer wire format, as much as ONNX files need: a bounded reader (every length and count checked
 * against the bytes that are really there, so a truncated or hostile file is an error naming the byte offset, never a
 * huge allocation or a read past the end) and an encoder that writes Uint8Array chunks (models hold megabytes of
 * weights: no per-byte number arrays).
 */
import { LaionetError } from '../util/errors.js'

/** Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32 (3 and 4, groups, are not used by ONNX). */
const WIRE_VARINT = 0
const WIRE_LEN = 2

/** One field of a message: its number, wire type, and either a varint value or the [start, end) of its payload. */
export interface WireField {
  /** Field number. */
  field: number
  /** Wire type (0, 1, 2 or 5). */
  wire: number
  /** The varint's value as a signed 64-bit integer (wire 0); 0 otherwise. */
  value: number
  /** Payload start (wire 1, 2, 5) in the buffer. */
  start: number
  /** Payload end (exclusive). */
  end: number
  /** Offset of the field's tag (for messages). */
  at: number
}

/** A position in a buffer being read, and the file it came from (for error messages). */
interface WireCursor {
  bytes: Uint8Array
  pos: number
  /** Where the bytes come from, e.g. the .onnx file name. */
  file: string
}

/** The error every malformed byte raises: names the file, the offset and what was being read. */
export function wireError(file: string, offset: number, what: string): LaionetError {
  return new LaionetError('onnx', `${file}: ${what} at byte ${offset}`, {
    code: 'invalid-input',
    fix: 'The file is truncated or not an ONNX model (ModelProto); download it again or export it anew',
  })
}

/**
 * Reads a varint at the cursor as a signed 64-bit integer (two's complement, as int64 fields store negatives);
 * refuses more than 10 bytes or a value beyond Number's exact range.
 */
function readVarint(c: WireCursor, end: number): number {
  let lo = 0
  let shift = 0
  const start = c.pos
  for (let i = 0; i < 10; i++) {
    if (c.pos >= end) throw wireError(c.file, start, 'a varint runs past the end of its message')
    const b = c.bytes[c.pos++]
    if (shift < 28) {
      lo |= (b & 0x7f) << shift
      if (!(b & 0x80)) return lo >>> 0
    } else {
      // Past 28 bits: finish exactly with BigInt (rare: large or negative int64 values).
      let v = BigInt(lo >>> 0)
      let s = BigInt(shift)
      let byte = b
      for (;;) {
        v |= BigInt(byte & 0x7f) << s
        if (!(byte & 0x80)) break
        s += 7n
        if (s >= 70n) throw wireError(c.file, start, 'a varint longer than 10 bytes')
        if (c.pos >= end) throw wireError(c.file, start, 'a varint runs past the end of its message')
        byte = c.bytes[c.pos++]
      }
      const signed = BigInt.asIntN(64, v)
      if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw wireError(c.file, start, `an integer ${signed} beyond 2^53`)
      }
      return Number(signed)
    }
    shift += 7
  }
  throw wireError(c.file, start, 'a varint longer than 10 bytes')
}

/**
 * The fields of the message in bytes [start, end), in order. Each length-delimited payload is checked to lie inside
 * the message; nothing is copied.
 */
export function* wireFields(bytes: Uint8Array, start: number, end: number, file: string): Generator<WireField> {
  const c: WireCursor = { bytes, pos: start, file }
  while (c.pos < end) {
    const at = c.pos
    const key = readVarint(c, end)
    const field = Math.floor(key / 8)
    const wire = key % 8
    if (field < 1) throw wireError(file, at, `field number ${field}`)
    let value = 0
    let s = c.pos
    if (wire === WIRE_VARINT) {
      value = readVarint(c, end)
      s = c.pos
    } else if (wire === WIRE_LEN) {
      const n = readVarint(c, end)
      s = c.pos
      if (n < 0 || n > end - s) throw wireError(file, at, `field ${field} declares ${n} bytes but its message has ${end - s} left`)
      c.pos = s + n
    } else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4
      if (n > end - s) throw wireError(file, at, `field ${field} (fixed${n * 8}) runs past the end of its message`)
      c.pos = s + n
    } else {
      throw wireError(file, at, `field ${field} has wire type ${wire} (groups are not used by ONNX)`)
    }
    yield { field, wire, value, start: s, end: wire === WIRE_VARINT ? s : c.pos, at }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false })

/** A length-delimited field's payload as UTF-8 text. */
export function wireString(bytes: Uint8Array, f: WireField): string {
  return utf8.decode(bytes.subarray(f.start, f.end))
}

/**
 * The integers of a repeated int field, packed (wire 2) or one per field (wire 0): appends to `out`.
 * A packed run holds at most one value per byte, so `out` never grows beyond the bytes read.
 */
export function wireInts(bytes: Uint8Array, f: WireField, file: string, out: number[]): void {
  if (f.wire === WIRE_VARINT) { out.push(f.value); return }
  if (f.wire !== WIRE_LEN) throw wireError(file, f.at, `field ${f.field} should hold integers, has wire type ${f.wire}`)
  const c: WireCursor = { bytes, pos: f.start, file }
  while (c.pos < f.end) out.push(readVarint(c, f.end))
}

// ---- encoding ----

/** The protobuf varint of an integer (negative int64 in two's complement, 10 bytes), as a list of bytes. */
export function varintBytes(value: number): number[] {
  const out: number[] = []
  let v = BigInt(value)
  if (v < 0n) v += 1n << 64n
  do {
    let b = Number(v & 0x7fn)
    v >>= 7n
    if (v) b |= 0x80
    out.push(b)
  } while (v)
  return out
}

/** Bytes of a message being written: a list of chunks and their total length. */
export class WireWriter {
  private readonly chunks: Uint8Array[] = []
  private small: number[] = []
  /** Total bytes written so far. */
  length = 0

  private flush(): void {
    if (this.small.length) { this.chunks.push(Uint8Array.from(this.small)); this.small = [] }
  }

  private varint(value: number): void {
    const bytes = varintBytes(value)
    for (const b of bytes) this.small.push(b)
    this.length += bytes.length
  }

  /** A varint field. */
  int(field: number, value: number): this {
    this.varint(field * 8 + WIRE_VARINT)
    this.varint(value)
    return this
  }

  /** A length-delimited field: bytes, text, or an embedded message. */
  bytes(field: number, body: Uint8Array | string | WireWriter): this {
    const b = typeof body === 'string' ? new TextEncoder().encode(body) : body instanceof WireWriter ? body.finish() : body
    this.varint(field * 8 + WIRE_LEN)
    this.varint(b.length)
    this.flush()
    this.chunks.push(b)
    this.length += b.length
    return this
  }

  /** Bytes copied verbatim (an already encoded field, tag included). */
  raw(b: Uint8Array): this {
    this.flush()
    this.chunks.push(b)
    this.length += b.length
    return this
  }

  /** The message's bytes. */
  finish(): Uint8Array {
    this.flush()
    if (this.chunks.length === 1) return this.chunks[0]
    const out = new Uint8Array(this.length)
    let o = 0
    for (const c of this.chunks) { out.set(c, o); o += c.length }
    return out
  }
}
