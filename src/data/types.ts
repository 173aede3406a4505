import type { LaionetContext } from '../util/context.js'

/** One data file the project uses, as listed in data/manifest.json. */
export interface ManifestEntry {
  /** Path relative to the data root, as in ../shared/data/SHA256SUMS without './' (e.g. 'imagenet/class_info.json'). */
  name: string
  /** Public download URL, or null when no public origin exists (only a mirror can provide the file). */
  url: string | null
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string
  /** Size in bytes. */
  size: number
  /** Licence of the file (or of its repository), in words. */
  licence: string
  /** The repository or page the file comes from. */
  repository: string
  /** Why the URL is special or absent, when it is. */
  note?: string
}

/** The parsed data/manifest.json. */
export interface Manifest {
  /** Format version (1). */
  version: number
  /** Every file, in name order. */
  files: ManifestEntry[]
}

/** Where a file came from when it was made available in the cache. */
export type FetchStatus = 'fetched' | 'cached' | 'mirrored'

/** One line of a fetch report. */
export interface FetchReport {
  /** The manifest name. */
  name: string
  /** fetched = downloaded, cached = already present and valid, mirrored = copied from the local mirror. */
  status: FetchStatus
  /** Bytes written by this call (0 when cached; for a resumed download, only the new bytes). */
  bytes: number
  /** Absolute path of the verified file in the cache. */
  path: string
}

/** One line of a verify report. */
export interface VerifyReport {
  /** The manifest name. */
  name: string
  /** ok = present with the right hash, missing = not in the cache, corrupt = wrong size or hash. */
  status: 'ok' | 'missing' | 'corrupt'
  /** Absolute path in the cache. */
  path: string
  /** The manifest's sha256. */
  expected: string
  /** The file's sha256 (null when missing or when the size alone disagrees). */
  actual: string | null
}

/** Progress of a multi-file operation, reported after each file. */
export interface DataProgress {
  /** The file just finished. */
  name: string
  /** Files finished so far. */
  done: number
  /** Files in the operation. */
  total: number
  /** Bytes written so far by this operation. */
  bytes: number
}

/** The minimal fetch the downloader needs (the global fetch satisfies it); injected in tests. */
export type FetchLike = (url: string, init?: { headers?: Record<string, string>, signal?: AbortSignal }) => Promise<Response>

/** Options shared by dataPath, dataFolder, fetchData and verifyData. */
export interface DataOptions {
  /** The run's context (mirror, cache, fetch), used where the options below are not given. Default: `currentContext()`. */
  context?: LaionetContext
  /** Cache directory. Default: the context's `cacheDir`. */
  cache?: string
  /** Local mirror with the same relative paths; null disables it. Default: the context's `dataMirror` (none: the network). */
  mirror?: string | null
  /** The manifest, or the path of a manifest JSON file. Default: the project's data/manifest.json. */
  manifest?: Manifest | string
  /** The fetch used for downloads. Default: the context's fetch (the global fetch). */
  fetch?: FetchLike
  /** Files processed at once. Default: 8. */
  concurrency?: number
  /** Rehash every cached file instead of trusting its stamp (`laionet data fetch --verify`). Default: false. */
  verify?: boolean
  /** Called after each file. Default: none. */
  onProgress?: (progress: DataProgress) => void
}
