import { readFile } from 'node:fs/promises'
import { parseNpy } from '../io/npy.js'
import type { NpyArray } from '../io/types.js'

/**
 * Reads a .npy file through the io layer's parser, handing it a plain Uint8Array copy of the file.
 * Why: with a Node Buffer, `Buffer#slice` is a view rather than a copy, so a parser that takes
 * `bytes.subarray(...).slice().buffer` would see the whole file (header included) as data.
 * A plain Uint8Array makes `slice` copy, whatever the parser does.
 */
export async function readNpyFile(file: string): Promise<NpyArray> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await readFile(file))
  } catch (err) {
    throw new Error(`npy: cannot read ${file} (${(err as Error).message})`, { cause: err })
  }
  return parseNpy(bytes, file)
}
