import { LaionetError } from '../util/errors.js'

/** The longest line a command reads from stdin: far above any caption's JSON line, far below V8's string limit. */
export const MAX_STDIN_LINE_BYTES = 16 * 1024 * 1024

/**
 * Yields the lines of a byte stream (UTF-8, `\n` or `\r\n` ends), refusing a line longer than `maxBytes` before it is
 * held whole: readline would gather a line of any length into one string and die with an uncaught RangeError past
 * V8's limit (about 512 MB).
 * @param input the stream (stdin)
 * @param options `maxBytes` per line and `what` the stream is called in messages
 * @example for await (const line of boundedLines(io.stdin)) handle(line)
 */
export async function* boundedLines(input: AsyncIterable<Buffer | string>, { maxBytes = MAX_STDIN_LINE_BYTES, what = 'stdin' } = {}): AsyncGenerator<string> {
  let parts: Buffer[] = []
  let held = 0
  let line = 0
  const tooLong = () => new LaionetError('', `${what} line ${line + 1} is longer than ${maxBytes} bytes (expected one JSON object per line)`, {
    code: 'invalid-input', value: line + 1, fix: 'Split the input into lines of at most that size',
  })
  for await (const raw of input) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : raw
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a)) {
      if (held + nl > maxBytes) throw tooLong()
      parts.push(chunk.subarray(0, nl))
      const text = Buffer.concat(parts).toString('utf8')
      yield text.endsWith('\r') ? text.slice(0, -1) : text
      line++
      parts = []
      held = 0
      chunk = chunk.subarray(nl + 1)
    }
    held += chunk.length
    if (held > maxBytes) throw tooLong()
    if (chunk.length) parts.push(chunk)
  }
  if (held > 0) yield Buffer.concat(parts).toString('utf8')
}
