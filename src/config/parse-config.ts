import { isAbsolute, resolve } from 'node:path'
import { checkRemoteHost } from './context.js'
import { describeRange, inRange, RANGES, type NumberRange } from '../util/number-ranges.js'
import { defaultConfig } from './defaults.js'
import type { EmbeddingDataset, LaionetConfig } from './types.js'

const EMBEDDING_DATASETS: readonly EmbeddingDataset[] = ['laionet', 'imagenetVal', 'imagenetV2MatchedFrequency', 'imagenetV2Threshold07', 'imagenetV2TopImages', 'laionPool', 'imagenetCaptionsTrain']

/** A number key: its range (the same table as the flags') and whether null is allowed. */
interface NumberKind { range: NumberRange, nullable?: boolean }
/** A key that takes one of a few strings. */
interface ChoiceKind { choices: readonly string[] }
type Kind = 'path' | 'path?' | 'paths' | 'string' | 'strings' | 'boolean' | 'group' | 'embeddings' | 'models' | NumberKind | ChoiceKind

/** The names each model map accepts (`models.textEncoders`, `models.imageEncoders`). */
const MODEL_NAMES: Record<string, readonly string[]> = {
  'models.textEncoders': ['mpnet'],
  'models.imageEncoders': ['vit', 'convnext', 'beit'],
}

// The documented keys; anything else in the file is reported as unknown (a typo would otherwise be silently ignored).
const SCHEMA: Record<string, Kind> = {
  $schema: 'string',
  outDir: 'path',
  cacheDir: 'path',
  dataMirror: 'path?',
  sources: 'group',
  'sources.laionParquet': 'paths',
  'sources.laionetBuild': 'path?',
  'sources.laionetReleased': 'path?',
  'sources.laionetImages': 'path?',
  'sources.imagenetVal': 'group',
  'sources.imagenetVal.folder': 'path?',
  'sources.imagenetVal.devkit': 'path?',
  'sources.imagenetV2': 'group',
  'sources.imagenetV2.matchedFrequency': 'path?',
  'sources.imagenetV2.threshold07': 'path?',
  'sources.imagenetV2.topImages': 'path?',
  'sources.imagenetCaptions': 'path?',
  'sources.embeddings': 'embeddings',
  'sources.laionetLabels': 'path?',
  'sources.laionPoolImages': 'path?',
  'sources.laionetMpnetBuild': 'path?',
  'sources.imagenetV2SelectionFrequencies': 'path?',
  'sources.nearestLaionImages': 'path?',
  'sources.imagenetCaptionsImages': 'path?',
  models: 'group',
  'models.clip': 'string',
  'models.classifiers': 'strings',
  'models.allowRemoteModels': 'boolean',
  'models.remoteHost': 'string',
  'models.textEncoders': 'models',
  'models.imageEncoders': 'models',
  limits: 'group',
  'limits.maxLaionRows': { range: RANGES.count, nullable: true },
  'limits.laionetPerClass': { range: RANGES.count },
  'limits.workers': { range: { ...RANGES.workers, min: 1 } },
  'limits.download': 'group',
  'limits.download.concurrency': { range: RANGES.concurrency },
  'limits.download.timeoutMs': { range: RANGES.timeoutMs },
  'limits.download.maxSide': { range: RANGES.side },
  'limits.download.maxBytes': { range: RANGES.bytes },
  'limits.download.maxPixels': { range: RANGES.pixels },
  methods: 'group',
  'methods.imageRule': { choices: ['authors', 'convert'] },
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const describe = (v: unknown) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`)

/**
 * Validates the parsed contents of laionet.config.json and merges them over the defaults: unknown keys, wrong types
 * and bad numbers are errors naming the key; relative paths resolve against `baseDir` (models.clip and
 * models.classifiers only when they start with './' or '../', since they may be hub ids).
 * @param raw the parsed JSON
 * @param options `file` for messages, `baseDir` for relative paths
 * @returns the complete configuration
 * @example parseConfig({ limits: { workers: 4 } }, { file: 'laionet.config.json', baseDir: '/work' }).limits.workers // 4
 */
export function parseConfig(raw: unknown, { file = 'laionet.config.json', baseDir = process.cwd() }: { file?: string, baseDir?: string } = {}): LaionetConfig {
  const where = (key: string) => `config: ${file}: "${key}"`
  if (!isObject(raw)) throw new Error(`config: ${file} must hold a JSON object (got ${describe(raw)})`)
  const config = defaultConfig()
  config.file = file
  const path = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p))
  const modelRef = (m: string) => (/^\.\.?\//.test(m) ? resolve(baseDir, m) : m)

  const visit = (obj: Record<string, unknown>, prefix: string, target: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${name}` : name
      // Own keys only: "__proto__", "constructor" or "toString" must not find Object.prototype's members.
      const kind = Object.hasOwn(SCHEMA, key) ? SCHEMA[key] : undefined
      if (!kind) {
        const siblings = Object.keys(SCHEMA).filter((k) => k.startsWith(prefix ? `${prefix}.` : '') && k.split('.').length === key.split('.').length)
        throw new Error(`${where(key)} is not a known key (expected one of ${siblings.map((k) => k.split('.').pop()).join(', ')}). See laionet.config.example.json`)
      }
      const fail = (expected: string): never => {
        throw new Error(`${where(key)} must be ${expected} (got ${describe(value)})`)
      }
      if (typeof kind === 'object' && 'choices' in kind) {
        if (typeof value !== 'string' || !kind.choices.includes(value)) fail(`one of ${kind.choices.map((c) => JSON.stringify(c)).join(', ')}`)
        target[name] = value
        continue
      }
      if (typeof kind === 'object') {
        if (value === null && kind.nullable) target[name] = null
        else if (!inRange(value, kind.range)) fail(`${describeRange(kind.range)}${kind.nullable ? ' or null' : ''}`)
        else target[name] = value
        continue
      }
      switch (kind) {
        case 'group':
          if (!isObject(value)) fail('an object')
          visit(value as Record<string, unknown>, key, target[name] as Record<string, unknown>)
          break
        case 'embeddings':
          target[name] = parseEmbeddings(value, key, where, path)
          break
        case 'models':
          target[name] = parseModelMap(value, key, where, modelRef)
          break
        case 'string':
          if (typeof value !== 'string' || value === '') fail('a non-empty string')
          if (key === 'models.remoteHost') target[name] = checkRemoteHost(value as string, where(key))
          else if (key !== '$schema') target[name] = key === 'models.clip' ? modelRef(value as string) : value
          break
        case 'strings':
        case 'paths':
          if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) fail(kind === 'paths' ? 'an array of paths or globs' : 'an array of non-empty strings')
          target[name] = (value as string[]).map(kind === 'paths' ? path : modelRef)
          break
        case 'path':
        case 'path?':
          if (value === null && kind === 'path?') target[name] = null
          else if (typeof value !== 'string' || value === '') fail(kind === 'path?' ? 'a path or null' : 'a path')
          else target[name] = path(value as string)
          break
        case 'boolean':
          if (typeof value !== 'boolean') fail('true or false')
          target[name] = value
          break
      }
    }
  }
  visit(raw, '', config as unknown as Record<string, unknown>)
  return config
}

function parseEmbeddings(value: unknown, key: string, where: (k: string) => string, path: (p: string) => string) {
  if (!isObject(value)) throw new Error(`${where(key)} must be an object (got ${describe(value)})`)
  const out: Record<string, { file: string, labels: string }> = {}
  for (const [name, entry] of Object.entries(value)) {
    const sub = `${key}.${name}`
    if (!EMBEDDING_DATASETS.includes(name as EmbeddingDataset)) {
      throw new Error(`${where(sub)} is not a known dataset (expected one of ${EMBEDDING_DATASETS.join(', ')})`)
    }
    if (!isObject(entry) || typeof entry.file !== 'string' || typeof entry.labels !== 'string' || Object.keys(entry).some((k) => k !== 'file' && k !== 'labels')) {
      throw new Error(`${where(sub)} must be { "file": "<embeddings.npy>", "labels": "<wnids.json>" } (got ${describe(entry)})`)
    }
    out[name] = { file: path(entry.file), labels: path(entry.labels) }
  }
  return out
}

// A map of model name -> folder or hub id; only the names the key knows (a typo would silently fall back to a default).
function parseModelMap(value: unknown, key: string, where: (k: string) => string, modelRef: (m: string) => string) {
  const names = MODEL_NAMES[key]
  if (!isObject(value)) throw new Error(`${where(key)} must be an object of ${names.join(', ')} -> model folder or hub id (got ${describe(value)})`)
  const out: Record<string, string> = {}
  for (const [name, spec] of Object.entries(value)) {
    if (!names.includes(name)) throw new Error(`${where(`${key}.${name}`)} is not a known model name (expected one of ${names.join(', ')})`)
    if (typeof spec !== 'string' || spec === '') throw new Error(`${where(`${key}.${name}`)} must be a model folder or hub id (got ${describe(spec)})`)
    out[name] = modelRef(spec)
  }
  return out
}
