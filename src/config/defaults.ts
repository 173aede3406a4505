import { currentContext, type LaionetContext } from '../util/context.js'
import type { LaionetConfig } from './types.js'

/**
 * Returns the built-in configuration: the small real data of the mirror, the released results, and the models
 * transformers.js names; output, cache and mirror folders and the model hub from `context` (the context in force:
 * LAIONET_OUT, LAIONET_CACHE, LAIONET_DATA_MIRROR, LAIONET_REMOTE_HOST, or the project defaults).
 * @example defaultConfig().models.clip // 'Xenova/clip-vit-base-patch32'
 */
export function defaultConfig(context: LaionetContext = currentContext()): LaionetConfig {
  return {
    file: null,
    outDir: context.outDir,
    cacheDir: context.cacheDir,
    dataMirror: context.dataMirror,
    sources: {
      laionParquet: [],
      laionetBuild: null,
      laionetReleased: null,
      laionetImages: null,
      imagenetVal: { folder: null, devkit: null },
      imagenetV2: { matchedFrequency: null, threshold07: null, topImages: null },
      imagenetCaptions: null,
      embeddings: {},
      laionetLabels: null,
      laionPoolImages: null,
      laionetMpnetBuild: null,
      imagenetV2SelectionFrequencies: null,
      nearestLaionImages: null,
      imagenetCaptionsImages: null,
    },
    models: { clip: 'Xenova/clip-vit-base-patch32', classifiers: [], allowRemoteModels: false, remoteHost: context.remoteHost, textEncoders: { mpnet: 'Xenova/all-mpnet-base-v2' }, imageEncoders: {} },
    limits: {
      maxLaionRows: null,
      laionetPerClass: 100,
      workers: 2,
      download: { concurrency: 16, timeoutMs: 10_000, maxSide: 512, maxBytes: 20_000_000, maxPixels: 89_478_485 },
    },
    methods: { imageRule: 'authors' },
  }
}
