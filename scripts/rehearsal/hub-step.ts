import { readFileSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { startHubServer } from './hub-server.js'
import { laionet } from './run-steps.js'
import { writeIfChanged } from './write-sources.js'

// The hub path, rehearsed: what a researcher with a network does first (models.clip "Xenova/clip-vit-base-patch32",
// models.allowRemoteModels true), against a local hub on 127.0.0.1 that serves the tiny random CLIP under that name.
// The model must be downloaded into the configuration's model cache, reused on the second run without a request, and
// its numbers must stay `fixture` (the weights fail the ViT-B/32 fingerprint), never `real`.

/** Where the hub rehearsal writes, under the rehearsal folder. */
export const HUB_LAYOUT = { dir: 'hub', config: 'hub/laionet.config.json', cache: 'hub/cache', build: 'hub/laionet-build/laionet.parquet', key: 'hub/verdict.key' } as const

/** What the hub rehearsal found. */
export interface HubRehearsal {
  ok: boolean
  /** Files the hub served on the first run, and requests on the second (must be 0). */
  firstRequests: number
  secondRequests: number
  /** The CLIP decision of `laionet config` on the hub configuration. */
  clip: { tier: string, reason: string, cached: boolean | null }
  /** Tiers of the construction experiment's records on the hub configuration (none computed with the CLIP may be `real`). */
  constructionTiers: Record<string, number>
  problems: string[]
}

interface ConfigJson { clip: { tier: string, reason: string, check: { cached: boolean } | null } }

/**
 * Runs the hub rehearsal: a copy of the rehearsal configuration whose CLIP is the hub id on a local hub (fresh model
 * cache and build folder of its own), `laionet config` twice (download and verdict, then neither), and the
 * construction experiment, which builds LAIONet through the hub.
 * @param root the rehearsal folder
 * @param baseConfig the rehearsal's laionet.config.json
 * @param log progress lines
 */
export async function rehearseHub(root: string, baseConfig: string, log: (line: string) => void): Promise<HubRehearsal> {
  const problems: string[] = []
  const hub = await startHubServer({ 'Xenova/clip-vit-base-patch32': JSON.parse(readFileSync(baseConfig, 'utf8')).models.clip })
  try {
    // A fresh model cache every time: the first run must download.
    await rm(join(root, HUB_LAYOUT.cache), { recursive: true, force: true })
    await mkdir(join(root, HUB_LAYOUT.dir), { recursive: true })
    const base = JSON.parse(readFileSync(baseConfig, 'utf8'))
    const config = {
      ...base,
      cacheDir: HUB_LAYOUT.cache.slice(HUB_LAYOUT.dir.length + 1),
      outDir: 'results',
      dataMirror: base.dataMirror,
      // With LAION parts the construction builds into a folder of its own (the rehearsal's build is another model's).
      sources: { ...relocate(base.sources ?? {}), ...(base.sources?.laionParquet?.length ? { laionetBuild: HUB_LAYOUT.build.slice(HUB_LAYOUT.dir.length + 1) } : {}) },
      models: { ...base.models, clip: 'Xenova/clip-vit-base-patch32', allowRemoteModels: true, remoteHost: hub.url },
    }
    const file = join(root, HUB_LAYOUT.config)
    await writeIfChanged(file, JSON.stringify(config, null, 2) + '\n')
    const env = { ...process.env, LAIONET_KEY_FILE: join(root, HUB_LAYOUT.key) }
    log(`hub: local model hub on ${hub.url} serving the tiny random CLIP as Xenova/clip-vit-base-patch32; configuration ${file}`)

    const first = await laionet(['config', '--file', file, '--json'], env)
    const firstRequests = hub.requests.filter((r) => r.startsWith('200 ')).length
    const afterFirst = hub.requests.length
    const second = await laionet(['config', '--file', file, '--json'], env)
    const secondRequests = hub.requests.length - afterFirst
    const parsed = second.code === 0 ? JSON.parse(second.stdout) as ConfigJson : null
    const clip = { tier: parsed?.clip.tier ?? 'unknown', reason: parsed?.clip.reason ?? `laionet config exited ${second.code}`, cached: parsed?.clip.check?.cached ?? null }
    if (first.code !== 0 || second.code !== 0) problems.push(`laionet config exited ${first.code}, then ${second.code}`)
    if (firstRequests === 0) problems.push('the first run downloaded nothing from the hub')
    if (secondRequests !== 0) problems.push(`the second run sent ${secondRequests} request(s) to the hub (expected none: model and verdict cached)`)
    if (clip.tier !== 'fixture' || !/weights are not ViT-B\/32/.test(clip.reason)) problems.push(`the tiny CLIP under the real name got tier ${clip.tier} (${clip.reason})`)
    log(`hub: first run ${firstRequests} file(s) downloaded; second run ${secondRequests} request(s); CLIP ${clip.tier}: ${clip.reason}`)

    const built = await laionet(['experiment', 'construction', '--config', file, '--json'], env)
    const constructionTiers: Record<string, number> = {}
    let realThroughClip = 0
    for (const line of built.stdout.split('\n').filter((l) => l.trim())) {
      const r = JSON.parse(line) as { tier?: string, source?: string[] }
      if (r.tier) constructionTiers[r.tier] = (constructionTiers[r.tier] ?? 0) + 1
      // Lemma matching reads no model and is real; a number that passed through the served CLIP never is.
      if (r.tier === 'real' && r.source?.includes('Xenova/clip-vit-base-patch32')) realThroughClip++
    }
    if (built.code !== 0) problems.push(`laionet experiment construction exited ${built.code}`)
    if (!constructionTiers.fixture) problems.push('no construction record went through the served CLIP')
    if (realThroughClip) problems.push(`${realThroughClip} construction record(s) computed with the tiny CLIP are real`)
    if (hub.requests.length !== afterFirst + secondRequests) problems.push('the construction experiment contacted the hub again')
    log(`hub: construction through the hub: exit ${built.code}, tiers ${JSON.stringify(constructionTiers)}`)
    return { ok: problems.length === 0, firstRequests, secondRequests, clip, constructionTiers, problems }
  } finally {
    await hub.close()
  }
}

// The rehearsal configuration's relative source paths, made relative to the hub folder (one level down).
function relocate(sources: Record<string, unknown>): Record<string, unknown> {
  const up = (v: unknown): unknown => (typeof v === 'string' && !v.startsWith('/') ? join('..', v) : Array.isArray(v) ? v.map(up) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, up(x)])) : v)
  return up(sources) as Record<string, unknown>
}
