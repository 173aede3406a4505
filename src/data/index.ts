// The data area's public surface (re-exported by src/index.ts).
export { cacheDir } from './cache-dir.js'
export { dataPath, dataFolder } from './data-path.js'
export { fetchData } from './fetch-data.js'
export { verifyData } from './verify-data.js'
export { loadManifest, parseManifest, manifestFile } from './manifest.js'
export { sha256File } from './hash-file.js'
export type { DataOptions, DataProgress, FetchLike, FetchReport, FetchStatus, Manifest, ManifestEntry, VerifyReport } from './types.js'
