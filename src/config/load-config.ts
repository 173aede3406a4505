import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { expandGlob, projectRoot } from '../util/paths.js'
import { defaultConfig } from './defaults.js'
import { parseConfig } from './parse-config.js'
import type { LaionetConfig } from './types.js'

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Fail when a configured file or folder does not exist, or a glob matches nothing. Default: true. */
  checkPaths?: boolean
  /** Where LAIONET_CONFIG is read from (tests pass a plain object). Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>
}

/**
 * Returns the configuration file that applies: `file` when given, else LAIONET_CONFIG, else laionet.config.json at the
 * project root when it exists, else null (built-in defaults).
 * @example configFile() // '/work/main/laionet.config.json' or null
 */
export function configFile(file?: string, env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  if (file) return resolve(file)
  if (env.LAIONET_CONFIG) return resolve(env.LAIONET_CONFIG)
  const fallback = join(projectRoot(), 'laionet.config.json')
  return existsSync(fallback) ? fallback : null
}

/**
 * Reads and validates laionet.config.json (see {@link configFile} for which one), merged over the built-in
 * defaults; without a file, the defaults. Relative paths resolve against the file's folder.
 * @param file an explicit configuration file (it must exist)
 * @returns the complete configuration, paths absolute
 * @example const config = await loadConfig(); config.sources.imagenetVal.folder
 */
export async function loadConfig(file?: string, { checkPaths = true, env = process.env }: LoadConfigOptions = {}): Promise<LaionetConfig> {
  const path = configFile(file, env)
  if (path === null) return defaultConfig()
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const how = file ? 'the file given' : env.LAIONET_CONFIG ? 'LAIONET_CONFIG' : 'the project root'
    throw new Error(`config: cannot read ${path} (${(err as NodeJS.ErrnoException).code}), named by ${how}. Fix the path or copy laionet.config.example.json`, { cause: err })
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new Error(`config: ${path} is not valid JSON (${(err as Error).message})`, { cause: err })
  }
  const config = parseConfig(raw, { file: path, baseDir: dirname(path) })
  if (checkPaths) {
    const problems = await checkConfigPaths(config)
    if (problems.length) throw new Error(`config: ${path} names paths that do not exist:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix them, set them to null, or load with { checkPaths: false }`)
  }
  return config
}

/**
 * Lists the configured inputs that are missing on disk, one message per key (output and cache folders are created
 * on demand, and model ids may be hub names, so neither is checked).
 * @example await checkConfigPaths(config) // ['sources.imagenetVal.folder: /data/val does not exist']
 */
export async function checkConfigPaths(config: LaionetConfig): Promise<string[]> {
  const problems: string[] = []
  const check = (key: string, p: string | null) => {
    if (p !== null && !existsSync(p)) problems.push(`${key}: ${p} does not exist`)
  }
  const { sources } = config
  check('dataMirror', config.dataMirror)
  for (const pattern of sources.laionParquet) {
    if ((await expandGlob(pattern)).length === 0) problems.push(`sources.laionParquet: ${pattern} matches no file`)
  }
  // With LAION parts configured the build is the construction's output, written on demand; otherwise it is an input.
  if (sources.laionParquet.length === 0) check('sources.laionetBuild', sources.laionetBuild)
  check('sources.laionetReleased', sources.laionetReleased)
  check('sources.laionetImages', sources.laionetImages)
  check('sources.imagenetVal.folder', sources.imagenetVal.folder)
  check('sources.imagenetVal.devkit', sources.imagenetVal.devkit)
  for (const [name, p] of Object.entries(sources.imagenetV2)) check(`sources.imagenetV2.${name}`, p)
  check('sources.imagenetCaptions', sources.imagenetCaptions)
  for (const [name, e] of Object.entries(sources.embeddings)) {
    check(`sources.embeddings.${name}.file`, e!.file)
    check(`sources.embeddings.${name}.labels`, e!.labels)
  }
  return problems
}
