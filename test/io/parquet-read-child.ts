// Reads a parquet file's TEXT column in a child process, so that a reader that hangs or exhausts memory fails its
// test (the parent's timeout and --max-old-space-size) instead of taking mocha down.
// Usage: node --import tsx test/io/parquet-read-child.ts <bytes|rows> <file>
// Prints one JSON line: {"rows": n, "values": [first few]} or {"error": message}.
import { parquetRowGroups } from '../../src/index.js'
import { openFileSource } from '../../src/io/file-source.js'
import { readFooter } from '../../src/io/parquet-metadata.js'
import { readByteArrayColumn } from '../../src/io/parquet-byte-array.js'

const [mode, file] = process.argv.slice(2)
try {
  const values: unknown[] = []
  let rows = 0
  if (mode === 'bytes') {
    const source = await openFileSource(file)
    try {
      const metadata = await readFooter(file, source)
      for (let g = 0; g < metadata.row_groups.length; g++) {
        const col = await readByteArrayColumn(source, metadata, g, 'TEXT', { file })
        rows += col.rows
        for (let r = 0; r < col.rows && values.length < 5; r++) {
          const v = col.valueOf[r]
          values.push(v < 0 ? null : new TextDecoder().decode(col.bytes.subarray(col.offsets[v], col.offsets[v + 1])))
        }
      }
    } finally {
      await source.close()
    }
  } else {
    for await (const b of parquetRowGroups(file, { columns: ['TEXT'] })) {
      rows += b.rows
      for (const v of b.columns.TEXT) if (values.length < 5) values.push(v)
    }
  }
  console.log(JSON.stringify({ rows, values }))
} catch (err) {
  console.log(JSON.stringify({ error: (err as Error).message }))
}
