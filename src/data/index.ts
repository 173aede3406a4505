// The data area's public surface (re-exported by src/index.ts).
export { dataPath, dataFolder } from './data-path.js'
export { fetchData } from './fetch-data.js'
export { verifyData } from './verify-data.js'
export { loadManifest, parseManifest } from './manifest.js'
export type { DataOptions, DataProgress, FetchLike, FetchReport, FetchStatus, Manifest, ManifestEntry, VerifyReport } from './types.js'
