import { AsyncLocalStorage } from 'node:async_hooks'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { projectRoot } from './project-root.js'

// The run's configuration as a value. Layers below src/config never read the environment: they take a context in their
// options, or the one in scope (`withContext`), or the process default that `import 'laionet'` and the command line set
// once from the environment (src/config/context.ts). Without either, the project's own defaults apply.

/** The fetch a data download uses (the global `fetch` by default). */
export type ContextFetch = (url: string, init?: { headers?: Record<string, string>, signal?: AbortSignal }) => Promise<Response>

/** Where a run reads and writes, and how it may reach the network. Every path is absolute. */
export interface LaionetContext {
  /** Local mirror of the small data files (same relative paths as the manifest), or null to download them by URL. Default: null. */
  dataMirror: string | null
  /** Cache of downloaded and derived files. Default: `<project>/data/cache`. */
  cacheDir: string
  /** Results, figures and the report. Default: `<project>/out`. */
  outDir: string
  /** Where hub models are downloaded to and looked up first. Default: `<cacheDir>/models`. */
  modelCache: string
  /** Never contact the model hub. Default: false. */
  offline: boolean
  /** The tiny fixture models and their goldens (models/, golden/, images/). Default: `<project>/../shared/fixtures`. */
  fixturesDir: string
  /** onnxruntime intra-op threads per session, or null for onnxruntime's choice (all cores). Default: null. */
  threads: number | null
  /** The fetch of data downloads. Default: the global fetch. */
  fetch: ContextFetch
  /** The model hub transformers.js downloads from (`env.remoteHost`), ending in '/'. Default: 'https://huggingface.co/'. */
  remoteHost: string
  /** The key that signs cached verdicts (the CLIP weights check); it lives outside the cache on purpose. Default: `~/.config/laionet/verdict.key`. */
  keyFile: string
  /** The Chromium that renders figures. Default: '/usr/bin/chromium'. */
  chromium: string
}

/** The public model hub. */
const PUBLIC_HUB = 'https://huggingface.co/'

/**
 * Returns a context of the project's defaults (no environment read) with `overrides` applied; `modelCache` follows
 * `cacheDir` unless given, and paths are made absolute.
 * @example projectContext({ dataMirror: '../shared/data' }).cacheDir // '/work/laionet/data/cache'
 */
export function projectContext(overrides: Partial<LaionetContext> = {}): LaionetContext {
  const root = projectRoot()
  const cacheDir = resolve(overrides.cacheDir ?? join(root, 'data', 'cache'))
  const host = overrides.remoteHost ?? PUBLIC_HUB
  return {
    dataMirror: overrides.dataMirror ? resolve(overrides.dataMirror) : null,
    cacheDir,
    outDir: resolve(overrides.outDir ?? join(root, 'out')),
    modelCache: resolve(overrides.modelCache ?? join(cacheDir, 'models')),
    offline: overrides.offline ?? false,
    fixturesDir: resolve(overrides.fixturesDir ?? join(root, '..', 'shared', 'fixtures')),
    threads: overrides.threads ?? null,
    fetch: overrides.fetch ?? ((url, init) => fetch(url, init)),
    remoteHost: host.endsWith('/') ? host : `${host}/`,
    keyFile: resolve(overrides.keyFile ?? join(homedir(), '.config', 'laionet', 'verdict.key')),
    chromium: overrides.chromium ?? '/usr/bin/chromium',
  }
}

// One state per process, not per copy of this module: a test runner that loads TypeScript both as CommonJS and as ES
// modules (mocha through tsx) makes two copies of src/, and a context set through one must reach code of the other.
interface ContextState { scoped: AsyncLocalStorage<LaionetContext>, processDefault: LaionetContext | null }
const STATE = Symbol.for('laionet.context')
const state: ContextState = ((globalThis as Record<symbol, unknown>)[STATE] ??= { scoped: new AsyncLocalStorage<LaionetContext>(), processDefault: null }) as ContextState

/**
 * Returns the context in force: the one of the enclosing {@link withContext}, else the process default (set once from
 * the environment by `import 'laionet'` or the command line), else {@link projectContext}.
 * @example join(currentContext().outDir, 'figures')
 */
export function currentContext(): LaionetContext {
  return state.scoped.getStore() ?? state.processDefault ?? projectContext()
}

/**
 * Runs `fn` with `context` in force for everything it calls, synchronously or through awaits, without touching any
 * other caller (two runs with different contexts may interleave).
 * @example await withContext(projectContext({ cacheDir: '/tmp/c' }), () => dataPath('imagenet/class_info.json'))
 */
export function withContext<T>(context: LaionetContext, fn: () => T): T {
  return state.scoped.run(context, fn)
}

/**
 * Sets the process default of {@link currentContext} (null: none, the project's defaults): called once, by src/config
 * from the environment; test suites set and restore it.
 * @returns the previous default
 */
export function setProcessContext(context: LaionetContext | null): LaionetContext | null {
  const previous = state.processDefault
  state.processDefault = context
  return previous
}
