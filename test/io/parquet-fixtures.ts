import { parquetWriteFile } from 'hyparquet-writer'

/** The deterministic table written by writeTestParquet: row i has id i, text per textOf(i), flag i % 3 === 0. */
export function textOf(i: number): string | null {
  return i % 11 === 5 ? null : `row ${i} ${'abcdefghij'.slice(0, i % 10)}`
}

/** Writes `rows` rows of (id INT32, text STRING with nulls, flag BOOLEAN, score DOUBLE) in row groups of `rowGroupSize`. */
export function writeTestParquet(file: string, rows: number, rowGroupSize: number): void {
  const ids = Array.from({ length: rows }, (_, i) => i)
  parquetWriteFile({
    filename: file,
    rowGroupSize,
    columnData: [
      { name: 'id', data: ids, type: 'INT32' },
      { name: 'text', data: ids.map(textOf), type: 'STRING' },
      { name: 'flag', data: ids.map((i) => i % 3 === 0), type: 'BOOLEAN' },
      { name: 'score', data: ids.map((i) => i / 4), type: 'DOUBLE' },
    ],
  })
}

/** Writes `groups` row groups of `perGroup` rows of poorly compressible text, for the byte-count test. */
export function writeWideParquet(file: string, groups: number, perGroup: number): void {
  let x = 12345
  const noise = () => {
    let s = ''
    for (let k = 0; k < 40; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0
      s += String.fromCharCode(97 + (x >>> 27))
    }
    return s
  }
  const n = groups * perGroup
  parquetWriteFile({
    filename: file,
    rowGroupSize: perGroup,
    columnData: [
      { name: 'a', data: Array.from({ length: n }, noise), type: 'STRING' },
      { name: 'b', data: Array.from({ length: n }, noise), type: 'STRING' },
    ],
  })
}
