import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { manifestEntry, resolveManifest } from '../data/manifest.js'
import { arrayBytes, pruneCacheDir, readCacheFile, sectionArray, writeCacheFile, type CacheSection } from '../io/cache-file.js'
import { codeVersion } from '../util/code-version.js'
import { LemmaAutomaton, type AutomatonTables } from './LemmaAutomaton.js'
import { createLemmaMatcher } from './lemma-matcher.js'
import type { LemmaEntry, LemmaMap, LemmaMode } from './types.js'

// `laionet match` spends most of its start-up reading the devkit's meta.mat and WordNet to build the lemma map, then
// compiling the automaton: about half a CPU-second, against a third of one to scan a million captions. Both depend
// only on the data files (pinned by sha256 in the manifest, WordNet by its pinned hashes), the rule and the code, so
// they are stored once per such key and read back (verified) by every later run.

/** A lemma map with its compiled automaton: what the match pool needs to start. */
export interface CompiledLemmaMap {
  map: LemmaMap
  tables: AutomatonTables
}

/** How the compiled map was obtained: read from the cache, compiled and stored, compiled over a bad file, or compiled with no cache. */
export type MapCacheUse = 'hit' | 'written' | 'rebuilt' | 'off'

/** Options of {@link loadCompiledLemmaMap}. */
export interface CompiledMapOptions {
  /** The cache folder, or null to compile without one. */
  dir: string | null
  /** A cache file that is damaged or foreign, or cannot be written: the message (the run goes on). */
  onWarning?: (message: string) => void
}

/** Format of the cache file: bump when the stored layout changes. */
const FORMAT = 1
/** The largest cache file read (the paper's map is ~3 MB; the extended one a few times more). */
const MAX_BYTES = 256 << 20
/** Cache files kept in the folder (one per mode and code version). */
const KEEP = 8
/** The data files the lemma map is built from (WordNet 3.0 is pinned by hash in src/wordnet, part of the code version). */
const INPUTS = ['imagenet/meta.mat', 'imagenet/class_info.json']

/**
 * Returns the lemma map of `mode` with its compiled automaton, from the cache when a verified entry for the same
 * inputs, rule and code exists, else built, compiled and stored. A damaged or foreign file is rebuilt with a warning.
 * @param mode `paper` or `extended` (default extended options)
 * @param options the cache folder (null: none) and where warnings go
 * @example const { map, tables, cache } = await loadCompiledLemmaMap('paper', { dir: join(cacheDir(), 'match') })
 */
export async function loadCompiledLemmaMap(mode: LemmaMode, { dir, onWarning }: CompiledMapOptions): Promise<CompiledLemmaMap & { cache: MapCacheUse }> {
  if (dir === null) return { ...await compile(mode), cache: 'off' }
  const key = await compiledMapKey(mode)
  const file = join(dir, `lemma-automaton-${key.slice(0, 32)}.bin`)
  const read = readCacheFile(file, key, MAX_BYTES)
  let problem = read.ok ? null : read.missing ? undefined : read.reason
  if (read.ok) {
    const decoded = decodeCompiled(read.sections, read.meta)
    if (typeof decoded !== 'string') return { ...decoded, cache: 'hit' }
    problem = decoded
  }
  if (problem) onWarning?.(`match: the cache file ${file} cannot be used (${problem}); rebuilding it`)
  const compiled = await compile(mode)
  try {
    writeCacheFile(file, key, encodeSections(compiled), encodeMeta(compiled.tables))
    pruneCacheDir(dir, 'lemma-automaton-', '.bin', KEEP)
  } catch (err) {
    onWarning?.(`match: cannot write the cache file ${file} (${(err as Error).message}); the next run compiles again`)
  }
  return { ...compiled, cache: problem ? 'rebuilt' : 'written' }
}

/** The cache key: format, rule, the manifest's sha256 of each input file and the code version of the layers involved. */
async function compiledMapKey(mode: LemmaMode): Promise<string> {
  const manifest = await resolveManifest(undefined)
  const inputs = INPUTS.map((name) => `${name}:${manifestEntry(manifest, name).sha256}`)
  const code = codeVersion(['laionet', 'imagenet', 'wordnet', 'util'])
  return createHash('sha256').update(JSON.stringify({ format: FORMAT, mode, inputs, code })).digest('hex')
}

async function compile(mode: LemmaMode): Promise<CompiledLemmaMap> {
  // Imported here: a run that reads the cache never loads the devkit and WordNet readers.
  const { loadLemmaMap } = await import('./load-lemma-map.js')
  const map = await loadLemmaMap(mode)
  return { map, tables: createLemmaMatcher(map).automaton.tables() }
}

interface TablesMeta { patternCount: number, stateCount: number, classCount: number, start: number, classBytes: number, byteClasses: boolean }

function encodeMeta(t: AutomatonTables): TablesMeta {
  return { patternCount: t.patternCount, stateCount: t.stateCount, classCount: t.classCount, start: t.start, classBytes: t.classOf.BYTES_PER_ELEMENT, byteClasses: t.byteClassOf !== null }
}

function encodeSections({ map, tables: t }: CompiledLemmaMap): CacheSection[] {
  const sections: CacheSection[] = [
    { name: 'map', bytes: Buffer.from(JSON.stringify(map), 'utf8') },
    { name: 'classOf', bytes: arrayBytes(t.classOf) },
    { name: 'jump', bytes: arrayBytes(t.jump) },
    { name: 'outStart', bytes: arrayBytes(t.outStart) },
    { name: 'outIds', bytes: arrayBytes(t.outIds) },
  ]
  if (t.byteClassOf) sections.push({ name: 'byteClassOf', bytes: arrayBytes(t.byteClassOf) })
  return sections
}

/** The compiled map of a verified file, or why it cannot be used (shapes and every table index are checked). */
function decodeCompiled(sections: Map<string, Uint8Array>, rawMeta: unknown): CompiledLemmaMap | string {
  const meta = rawMeta as TablesMeta | null
  if (typeof meta !== 'object' || meta === null || (meta.classBytes !== 1 && meta.classBytes !== 2)) return 'the header lacks the automaton sizes'
  const part = <T extends Uint8Array | Uint16Array | Int32Array>(name: string, Ctor: { new(b: ArrayBufferLike, o: number, l: number): T, BYTES_PER_ELEMENT: number }) => {
    const bytes = sections.get(name)
    return bytes ? sectionArray(bytes, Ctor) : null
  }
  const classes = (name: string) => (meta.classBytes === 1 ? part(name, Uint8Array) : part(name, Uint16Array))
  const classOf = classes('classOf')
  const jump = part('jump', Int32Array)
  const outStart = part('outStart', Int32Array)
  const outIds = part('outIds', Int32Array)
  const byteClassOf = meta.byteClasses ? classes('byteClassOf') : null
  if (!classOf || !jump || !outStart || !outIds || (meta.byteClasses && !byteClassOf)) return 'a table section is missing or of a wrong length'
  const tables: AutomatonTables = { patternCount: meta.patternCount, stateCount: meta.stateCount, classCount: meta.classCount, start: meta.start, classOf, byteClassOf, jump, outStart, outIds }
  const problem = LemmaAutomaton.tablesProblem(tables)
  if (problem) return `automaton: ${problem}`
  let map: unknown
  try {
    map = JSON.parse(Buffer.from(sections.get('map') ?? new Uint8Array(0)).toString('utf8'))
  } catch {
    return 'the lemma map is not valid JSON'
  }
  const mapProblem = lemmaMapProblem(map)
  if (mapProblem) return `lemma map: ${mapProblem}`
  const matchable = (map as LemmaMap).entries.filter((e) => e.matchable).length
  if (matchable !== tables.patternCount) return `the automaton has ${tables.patternCount} patterns, the map ${matchable} matchable entries`
  return { map: map as LemmaMap, tables }
}

const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string')

/** Why `x` is not a lemma map as buildLemmaMap makes one, or null. */
function lemmaMapProblem(x: unknown): string | null {
  const m = x as LemmaMap
  if (typeof m !== 'object' || m === null || (m.mode !== 'paper' && m.mode !== 'extended')) return 'no mode'
  if (typeof m.options !== 'object' || m.options === null || !Array.isArray(m.entries) || !isStrings(m.wnids) || !Array.isArray(m.dropped) || !Array.isArray(m.shared)) return 'a field is missing'
  const bad = m.entries.findIndex((e: LemmaEntry) => typeof e !== 'object' || e === null || typeof e.pattern !== 'string' || e.pattern.length === 0
    || typeof e.lemma !== 'string' || !isStrings(e.wnids) || typeof e.source !== 'string' || typeof e.caseSensitive !== 'boolean' || typeof e.matchable !== 'boolean')
  if (bad >= 0) return `entry ${bad} is malformed`
  if (!m.dropped.every((d) => typeof d?.wnid === 'string' && typeof d.reason === 'string')) return 'a dropped class is malformed'
  if (!m.shared.every((s) => typeof s?.lemma === 'string' && isStrings(s.wnids))) return 'a shared lemma is malformed'
  return null
}
