import { createReadStream } from 'node:fs'

/** Options of {@link csvRows}. */
export interface CsvOptions {
  /** Field separator. Default: ',' (and a tab for a .tsv file when read through inputRows). */
  delimiter?: string
  /** Largest record accepted, in characters, so a missing closing quote cannot swallow the file. Default: 1_000_000. */
  maxRecordChars?: number
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, newlines inside quotes, a leading BOM) from text
 * chunks, yielding one object per record keyed by the header row.
 * @param chunks the text, in chunks of any size (a chunk boundary may fall anywhere, even inside a quote)
 * @param where the file name used in error messages
 * @returns an async iterable of records
 * @example for await (const r of csvRows(['url,text\nhttp://a/1.jpg,cat\n'])) r.url
 */
export async function* csvRows(chunks: AsyncIterable<string> | Iterable<string>, { delimiter = ',', maxRecordChars = 1_000_000 }: CsvOptions = {}, where = 'csv'): AsyncGenerator<Record<string, string>> {
  let header: string[] | null = null
  let fields: string[] = []
  let field = ''
  let quoted = false
  let afterQuote = false // the previous char closed a quote: the next is a quote (escaped), a delimiter or a newline
  let recordChars = 0
  let line = 1
  let first = true
  const finishRecord = (): Record<string, string> | null => {
    fields.push(field)
    const values = fields
    fields = []
    field = ''
    recordChars = 0
    if (values.length === 1 && values[0] === '') return null // blank line
    if (!header) {
      header = values
      return null
    }
    if (values.length !== header.length) {
      throw new Error(`csv: ${where} line ${line} has ${values.length} fields (expected ${header.length}, like the header). Quote fields that contain "${delimiter}"`)
    }
    const record: Record<string, string> = {}
    header.forEach((name, i) => (record[name] = values[i]))
    return record
  }
  for await (let chunk of chunks) {
    if (first) {
      chunk = chunk.replace(/^\uFEFF/, '')
      first = false
    }
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]
      if (++recordChars > maxRecordChars) throw new Error(`csv: ${where} record at line ${line} exceeds ${maxRecordChars} characters (an unclosed quote?)`)
      if (quoted) {
        if (c === '"') {
          quoted = false
          afterQuote = true
        } else field += c
        continue
      }
      if (c === '"') {
        if (afterQuote) field += '"'
        quoted = afterQuote || field === ''
        if (!quoted && !afterQuote) field += c // a stray quote inside an unquoted field is kept as text
        afterQuote = false
        continue
      }
      afterQuote = false
      if (c === delimiter) {
        fields.push(field)
        field = ''
      } else if (c === '\n') {
        if (field.endsWith('\r')) field = field.slice(0, -1)
        const record = finishRecord()
        line++
        if (record) yield record
      } else field += c
    }
  }
  if (quoted) throw new Error(`csv: ${where} ends inside a quoted field that starts before line ${line}`)
  if (field !== '' || fields.length > 0) {
    if (field.endsWith('\r')) field = field.slice(0, -1)
    const record = finishRecord()
    if (record) yield record
  }
}

/**
 * Streams the records of a CSV file on disk (constant memory: one chunk and one record at a time).
 * @example for await (const r of csvFileRows('urls.csv')) console.log(r.url)
 */
export function csvFileRows(file: string, options: CsvOptions = {}): AsyncGenerator<Record<string, string>> {
  return csvRows(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 }), options, file)
}
