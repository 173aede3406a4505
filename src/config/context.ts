import { resolve } from 'node:path'
import { LaionetError } from '../util/errors.js'
import { currentContext, projectContext, setProcessContext, type LaionetContext } from '../util/context.js'
import type { LaionetConfig } from './types.js'

// The one place (with src/cli) where the environment is read: it becomes a LaionetContext, a value passed down.

/** The environment variables a context is built from, and the context field each sets. */
const VARIABLES = {
  LAIONET_DATA_MIRROR: 'dataMirror',
  LAIONET_CACHE: 'cacheDir',
  LAIONET_OUT: 'outDir',
  LAIONET_MODELS: 'modelCache',
  LAIONET_OFFLINE: 'offline',
  LAIONET_FIXTURES: 'fixturesDir',
  LAIONET_THREADS: 'threads',
  LAIONET_REMOTE_HOST: 'remoteHost',
  LAIONET_KEY_FILE: 'keyFile',
  LAIONET_CHROMIUM: 'chromium',
} as const

/**
 * Returns the context the environment describes (LAIONET_DATA_MIRROR, LAIONET_CACHE, LAIONET_OUT, LAIONET_MODELS,
 * LAIONET_OFFLINE, LAIONET_FIXTURES, LAIONET_THREADS, LAIONET_REMOTE_HOST, LAIONET_KEY_FILE, LAIONET_CHROMIUM),
 * the project's defaults for what is unset. Reads `env` only: pass a plain object in tests.
 * @example environmentContext({ LAIONET_DATA_MIRROR: '../shared/data' }).dataMirror // '/work/shared/data'
 */
export function environmentContext(env: Readonly<Record<string, string | undefined>> = process.env): LaionetContext {
  const set = (name: keyof typeof VARIABLES) => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined)
  const overrides: Partial<LaionetContext> = {}
  for (const name of ['LAIONET_DATA_MIRROR', 'LAIONET_CACHE', 'LAIONET_OUT', 'LAIONET_MODELS', 'LAIONET_FIXTURES', 'LAIONET_KEY_FILE'] as const) {
    const v = set(name)
    if (v !== undefined) overrides[VARIABLES[name]] = resolve(v)
  }
  const offline = set('LAIONET_OFFLINE')
  if (offline !== undefined) overrides.offline = offline !== '0'
  const threads = set('LAIONET_THREADS')
  if (threads !== undefined) {
    if (!/^[1-9]\d{0,3}$/.test(threads)) throw new LaionetError('config', `LAIONET_THREADS "${threads}" is not a thread count (expected an integer from 1 to 9999)`, { code: 'usage', fix: 'Set LAIONET_THREADS to a positive integer or unset it' })
    overrides.threads = Number(threads)
  }
  const host = set('LAIONET_REMOTE_HOST')
  if (host !== undefined) overrides.remoteHost = checkRemoteHost(host, 'LAIONET_REMOTE_HOST')
  const chromium = set('LAIONET_CHROMIUM')
  if (chromium !== undefined) overrides.chromium = chromium
  return projectContext(overrides)
}

/**
 * Returns the context of a run under `config`: its folders (output, cache, data mirror), its model hub
 * (`models.remoteHost`) and whether the hub may be contacted (`models.allowRemoteModels`), over `base` (the context in
 * force, by default the environment's) for the rest: model cache, fixtures, threads, fetch, key file.
 * @example const context = configContext(await loadConfig())
 */
export function configContext(config: LaionetConfig, base: LaionetContext = currentContext()): LaionetContext {
  const movedCache = base.modelCache === projectContext({ cacheDir: base.cacheDir }).modelCache
  return {
    ...base,
    dataMirror: config.dataMirror,
    cacheDir: config.cacheDir,
    outDir: config.outDir,
    // The model cache follows the configured cache folder unless LAIONET_MODELS put it elsewhere.
    modelCache: movedCache ? projectContext({ cacheDir: config.cacheDir }).modelCache : base.modelCache,
    offline: base.offline || !config.models.allowRemoteModels,
    remoteHost: config.models.remoteHost,
  }
}

/**
 * Makes the environment's context the process default (what functions called without a context use): called once
 * when laionet is imported and by the command line at start.
 * @returns the context set
 */
export function useEnvironmentContext(env: Readonly<Record<string, string | undefined>> = process.env): LaionetContext {
  const context = environmentContext(env)
  setProcessContext(context)
  return context
}

/**
 * Returns the LAIONET_* variables of the environment (a copy), for the few options still named by a variable of their
 * own (LAIONET_EMBEDDINGS_A/B, LAIONET_LABELS_A/B of the intra-class source).
 * @example laionetVariables().LAIONET_EMBEDDINGS_A
 */
export function laionetVariables(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('LAIONET_')))
}

/**
 * Checks a model hub address: http(s), no credentials, no query; returns it ending in '/'.
 * @example checkRemoteHost('http://127.0.0.1:8080', 'models.remoteHost') // 'http://127.0.0.1:8080/'
 */
export function checkRemoteHost(value: string, where: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new LaionetError('config', `${where} "${value}" is not a URL (expected e.g. https://huggingface.co/)`, { code: 'usage', fix: 'Give the hub\'s address, e.g. http://127.0.0.1:8080/' })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LaionetError('config', `${where} "${value}" must be an http or https address (got ${url.protocol})`, { code: 'usage', fix: 'Give the hub\'s address, e.g. https://huggingface.co/' })
  if (url.username || url.password || url.search || url.hash) throw new LaionetError('config', `${where} "${value}" must hold no credentials, query or fragment`, { code: 'usage', fix: 'Give the bare hub address, e.g. https://huggingface.co/' })
  return url.href.endsWith('/') ? url.href : `${url.href}/`
}
