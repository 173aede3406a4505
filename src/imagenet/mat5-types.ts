/** MATLAB numeric array classes read by {@link parseMat5}. */
export type MatNumericClass = 'double' | 'single' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64'

/** A numeric (or logical) MATLAB array, values in column-major order. */
export interface MatNumeric {
  type: 'numeric'
  /** The MATLAB class; values are converted to it whatever type the file stored them in. */
  class: MatNumericClass
  /** Dimensions, e.g. `[1, 3]`. */
  dims: number[]
  /** Real parts, column-major; 64-bit integer classes are BigInt arrays. */
  data: Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array
  /** Imaginary parts, when the array is complex. */
  imag?: MatNumeric['data']
  /** True for a MATLAB logical array (stored as uint8). */
  logical: boolean
}

/** A MATLAB char array. */
export interface MatChar {
  type: 'char'
  /** Dimensions, e.g. `[1, 9]` for one 9-character string. */
  dims: number[]
  /** One string per row (trailing spaces kept); `['']` for an empty array. */
  rows: string[]
}

/** A MATLAB cell array: any values, column-major. */
export interface MatCell {
  type: 'cell'
  /** Dimensions of the cell array. */
  dims: number[]
  /** The cells, column-major. */
  cells: MatValue[]
}

/** A MATLAB struct array: one record of field values per element, column-major. */
export interface MatStruct {
  type: 'struct'
  /** Dimensions of the struct array, e.g. `[1860, 1]`. */
  dims: number[]
  /** Field names in file order. */
  fields: string[]
  /** One object per element, field name -> value. */
  elements: Record<string, MatValue>[]
}

/** Any value {@link parseMat5} returns. */
export type MatValue = MatNumeric | MatChar | MatCell | MatStruct

/** A parsed MAT-file (level 5). */
export interface MatFile {
  /** The 116-byte descriptive text of the header, trimmed, e.g. `MATLAB 5.0 MAT-file, Platform: GLNXA64, ...`. */
  header: string
  /** Top-level variables by name, in file order. */
  variables: Map<string, MatValue>
}
