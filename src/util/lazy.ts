// Heavy optional modules, loaded on first use so that `import 'laionet'` stays fast. Each loader imports its module
// once and hands every caller the same promise. (@huggingface/transformers has its own loader in src/models/, the
// only folder allowed to touch it; playwright-core is imported by src/plots/render.ts alone.)

/** The sharp module's default export (its image pipeline factory). */
export type Sharp = typeof import('sharp').default
type Compressors = typeof import('hyparquet-compressors').compressors

/**
 * Returns `load`, memoised: the first call starts the import, later calls get the same promise.
 * @example const loadX = lazy(() => import('x')); await loadX()
 */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined
  return () => (loading ??= load())
}

/** Loads sharp (native image codec, installed with transformers.js) on first use. */
export const loadSharp: () => Promise<Sharp> = lazy(() => import('sharp').then((m) => m.default))

/** Loads hyparquet-compressors (snappy, zstd, gzip, brotli, lz4 codecs) on first use. */
export const loadCompressors: () => Promise<Compressors> = lazy(() => import('hyparquet-compressors').then((m) => m.compressors))
