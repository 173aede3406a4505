import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { cacheDir } from '../../src/data/cache-dir.js'
import { portFree, startImageServer, type ImageServer, type Route } from './image-server.js'
import { planRehearsal, type RehearsalPlan } from './plan.js'
import { ENCODER_FIXTURES } from '../make-encoders.js'
import { extraSources, writeSelectionFrequencies } from './selection-frequencies.js'
import {
  LAYOUT, writeIfChanged, writeImageNetCaptions, writeImageNetV2, writeImageNetVal, writeLaionParts, writeReleasedLaionet, writeServedImages,
} from './write-sources.js'

/** The rehearsal's default seed. */
export const REHEARSAL_SEED = 2306

/** Bumped when the generator's output changes, so an old rehearsal folder is rebuilt rather than mixed. */
const GENERATOR_VERSION = 2

/** What {@link generateRehearsal} made. */
export interface GeneratedRehearsal {
  /** The rehearsal folder. */
  root: string
  /** The configuration file naming every source. */
  config: string
  /** The running image server: the caller stops it. */
  server: ImageServer
  /** The server's routes (path -> answer); {@link assignFailureModes} changes some. */
  routes: Map<string, Route>
  /** The plan it was made from. */
  plan: RehearsalPlan
  /** The LAION parts written. */
  parts: string[]
  /** Counts of what was made. */
  /** laionRows, laionClassRows: the 10,000 real captions' (parts 0-2); syntheticRows: the fourth part's. */
  counts: { laionRows: number, laionClassRows: number, syntheticRows: number, served: number, val: number, v2: Record<string, number>, captions: number, released: number, releasedModels: number }
}

/** The configuration of a rehearsal folder: every real source in its real format, paths relative to the folder. */
export function rehearsalConfig(plan: RehearsalPlan, { timeoutMs = 1500, encoders, labels = false }: { timeoutMs?: number, encoders?: string, labels?: boolean } = {}): Record<string, unknown> {
  const mirror = process.env.LAIONET_DATA_MIRROR ? resolve(process.env.LAIONET_DATA_MIRROR) : null
  return {
    outDir: LAYOUT.results,
    cacheDir: cacheDir(),
    dataMirror: mirror,
    sources: {
      laionParquet: [`${LAYOUT.laion}/part-*-c000.snappy.parquet`],
      laionetBuild: LAYOUT.build,
      laionetReleased: LAYOUT.released,
      laionetImages: LAYOUT.images,
      imagenetVal: { folder: LAYOUT.val, devkit: LAYOUT.devkit },
      imagenetV2: { ...LAYOUT.v2 },
      imagenetCaptions: LAYOUT.captions,
      // Made by the rehearsal after the build (CLIP image embeddings of the build's candidates, in their order).
      embeddings: { laionPool: { file: LAYOUT.poolEmbeddings, labels: LAYOUT.poolLabels } },
      // The authors' full label file's stand-in, written by scripts/rehearse.ts from the build (when asked for).
      ...(labels ? { laionetLabels: LAYOUT.labels } : {}),
      // ImageNetV2's selection frequencies and the MPNet build (scripts/rehearsal/selection-frequencies.ts).
      ...extraSources(encoders !== undefined),
    },
    models: {
      clip: plan.inputs.clip, classifiers: [plan.inputs.classifier], allowRemoteModels: false,
      // The tiny random MPNet, ViT, ConvNeXt and BEiT of scripts/make-encoders.ts (built into the cache), when given.
      ...(encoders ? {
        textEncoders: { mpnet: join(encoders, ENCODER_FIXTURES.mpnet) },
        imageEncoders: { vit: join(encoders, ENCODER_FIXTURES.vit), convnext: join(encoders, ENCODER_FIXTURES.convnext), beit: join(encoders, ENCODER_FIXTURES.beit) },
      } : {}),
    },
    limits: {
      maxLaionRows: null,
      laionetPerClass: 100,
      workers: 1,
      download: { concurrency: 8, timeoutMs, maxSide: 512, maxBytes: 20_000_000, maxPixels: 89_478_485 },
    },
  }
}

/**
 * Makes a rehearsal folder from the real files at hand and starts its image server: the LAION parts (URLs on the
 * server), the ImageNet validation folder with its devkit, the three ImageNetV2 sets, imagenet_captions.json, the
 * released-LAIONet parquet and laionet.config.json. Rerunning on the same folder keeps the previous port when it is
 * free (so the URLs, and the build and download made from them, stay valid); a new port rewrites the URL-bearing
 * files and clears the build and the downloaded images.
 * @param dir the rehearsal folder (created)
 * @param options seed, log (progress lines), slowMs / stallMs (server), timeoutMs (download limit in the config),
 *   encoders (the folder of scripts/make-encoders.ts: the configuration then names the MPNet and the image encoders),
 *   labels (name the label pickle scripts/rehearse.ts writes after the build in sources.laionetLabels)
 */
export async function generateRehearsal(dir: string, { seed = REHEARSAL_SEED, log = (_: string) => {}, slowMs = 800, stallMs = 4000, timeoutMs = 1500, encoders, labels = false }: { seed?: number, log?: (line: string) => void, slowMs?: number, stallMs?: number, timeoutMs?: number, encoders?: string, labels?: boolean } = {}): Promise<GeneratedRehearsal> {
  const root = resolve(dir)
  const stateFile = join(root, 'rehearsal.json')
  // Only a rehearsal's own folder is written into (its build and downloads are cleared when the URLs change).
  if (!existsSync(stateFile) && existsSync(root) && readdirSync(root).length > 0) {
    throw new Error(`rehearse: ${root} is not empty and holds no rehearsal.json, so it is not a rehearsal folder; nothing was written. Choose an empty folder (or an earlier rehearsal's) with --out`)
  }
  const previous = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) as { version: number, seed: number, port: number | null } : null
  if (previous && (previous.version !== GENERATOR_VERSION || previous.seed !== seed)) {
    // Another generator version or seed: the folder is ours (rehearsal.json), so start it afresh rather than mix.
    log(`rehearse: ${root} holds a rehearsal of generator ${previous.version}, seed ${previous.seed}: starting afresh`)
    for (const name of readdirSync(root)) await rm(join(root, name), { recursive: true, force: true })
  }
  // Marks the folder as a rehearsal's before anything else is written (port unknown yet).
  if (!previous || !existsSync(stateFile)) await writeIfChanged(stateFile, JSON.stringify({ version: GENERATOR_VERSION, seed, port: null }, null, 2) + '\n')
  const same = previous?.version === GENERATOR_VERSION && previous.seed === seed && previous.port !== null
  log(`rehearse: planning from the real data (seed ${seed})`)
  const plan = await planRehearsal(seed)
  const { routes, sizes } = await writeServedImages(root, plan, log)
  const port = same && (await portFree(previous!.port!)) ? previous!.port! : 0
  const server = await startImageServer(routes, { port, slowMs, stallMs })
  try {
    if (!same || previous!.port !== server.port) {
      if (same) log(`rehearse: the server moved to port ${server.port} (was ${previous!.port}): the URLs change, so the build and the download start over`)
      await rm(join(root, LAYOUT.build, '..'), { recursive: true, force: true })
      await rm(join(root, LAYOUT.images), { recursive: true, force: true })
    }
    log(`rehearse: image server on ${server.origin} (${routes.size} paths)`)
    const parts = await writeLaionParts(root, plan, server.origin, sizes)
    log(`rehearse: ${parts.length} LAION parts (${plan.rows.length} real captions, ${plan.synthetic.length} synthetic rows of ${plan.richClasses.length} classes) in ${join(root, LAYOUT.laion)}`)
    const val = await writeImageNetVal(root, plan)
    log(`rehearse: ${val} validation images of ${plan.classes.length} classes with the devkit`)
    const v2 = await writeImageNetV2(root, plan)
    log(`rehearse: ImageNetV2 sets ${Object.entries(v2).map(([k, n]) => `${k} ${n}`).join(', ')}`)
    const captions = await writeImageNetCaptions(root, plan)
    const released = await writeReleasedLaionet(root, plan, server.origin, sizes)
    log(`rehearse: ${captions} ImageNet-Captions entries; released LAIONet of ${released.rows} rows and ${released.models.length} models`)
    const frequencies = await writeSelectionFrequencies(root, seed)
    log(`rehearse: ImageNetV2 selection frequencies of ${frequencies.images} images in ${frequencies.file}`)
    const config = join(root, LAYOUT.config)
    await writeIfChanged(config, JSON.stringify(rehearsalConfig(plan, { timeoutMs, encoders, labels }), null, 2) + '\n')
    await writeIfChanged(stateFile, JSON.stringify({ version: GENERATOR_VERSION, seed, port: server.port }, null, 2) + '\n')
    const classRows = plan.rows.filter((r) => r.wnid).length
    return {
      root, config, server, routes, plan, parts,
      counts: { laionRows: plan.rows.length, laionClassRows: classRows, syntheticRows: plan.synthetic.length, served: routes.size, val, v2, captions, released: released.rows, releasedModels: released.models.length },
    }
  } catch (err) {
    await server.close()
    throw err
  }
}

/** The failure modes given to LAIONet rows, in this order, one every other row of the build. */
export const FAILURE_MODES = ['missing', 'redirect', 'slow', 'not-image', 'stall'] as const

/**
 * Gives the download's failure modes to rows of the build (the rows `laionet download` will fetch): in global-index
 * order, rows 1, 3, 5, 7, 9 answer 404, a redirect to the same image, the image after a delay, an HTML page, and
 * headers then silence past the download timeout. The URLs stay as written; only the server's answer changes.
 * @param routes the server's routes
 * @param indices the global LAION indices of the build's rows
 * @returns the row given each mode
 */
export function assignFailureModes(routes: Map<string, Route>, indices: readonly number[]): { index: number, kind: typeof FAILURE_MODES[number] }[] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b)
  const out: { index: number, kind: typeof FAILURE_MODES[number] }[] = []
  FAILURE_MODES.forEach((kind, k) => {
    const index = sorted[2 * k + 1]
    if (index === undefined) return
    const path = `laion/${index}.jpg`
    const file = routes.get(path)?.file
    if (!file) return
    routes.set(path, kind === 'redirect' ? { kind, target: `moved/${index}.jpg` } : { kind, file })
    out.push({ index, kind })
  })
  return out
}
