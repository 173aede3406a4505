// The rehearsal (`npm run rehearse`): proof without a network that every real source is read in its real format.
// From the real files at hand (the data mirror and the fixtures) it makes miniature copies of LAION's parts,
// ImageNet's validation folder and devkit, the three ImageNetV2 sets, ImageNet-Captions and the released LAIONet
// under out/rehearsal/, serves the LAION URLs from a local server on 127.0.0.1, writes laionet.config.json naming all
// of them, builds LAIONet with the configured CLIP, downloads its images from the server, rehearses the model-hub path
// (a local hub on 127.0.0.1 serving the tiny CLIP as Xenova/clip-vit-base-patch32: downloaded, cached, reused, never
// `real`), runs the OCR filter (tesseract) over the downloaded images, and runs every experiment
// (`laionet experiment --all`) and `npm run reproduce` on that configuration.
//
//   npm run rehearse [-- --out <dir>] [--seed N] [--no-reproduce] [--no-experiments]
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { assignFailureModes, generateRehearsal, REHEARSAL_SEED } from './rehearsal/generate.js'
import { rehearseHub } from './rehearsal/hub-step.js'
import { rehearseFig9Sources } from './rehearsal/fig9-sources.js'
import { hasCommand, laionet, run } from './rehearsal/run-steps.js'
import { LAYOUT, writeIfChanged } from './rehearsal/write-sources.js'
import { readBuild } from '../src/laionet/read-build.js'
import { fixturesDir } from '../src/models/fixtures-dir.js'
import { ENCODER_FIXTURES, ensureEncoders } from './make-encoders.js'
import { encodeIndexPickle } from './rehearsal/labels-pickle.js'
import { useEnvironmentContext } from '../src/config/context.js'

// The environment (LAIONET_DATA_MIRROR, LAIONET_CACHE, ...) becomes the default context once, as for `import 'laionet'`.
useEnvironmentContext()

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const started = Date.now()
const seconds = (since = started) => Math.round((Date.now() - since) / 100) / 10
const say = (line: string) => process.stderr.write(`${line.startsWith('rehearse:') ? line : `rehearse: ${line}`} [${seconds()} s]\n`)

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(projectRoot, 'out', 'rehearsal') },
    seed: { type: 'string', default: String(REHEARSAL_SEED) },
    'no-reproduce': { type: 'boolean', default: false },
    'no-experiments': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  process.stdout.write('Usage: npm run rehearse [-- --out <dir>] [--seed N] [--no-reproduce] [--no-experiments]\n')
  process.exit(0)
}
const seed = Number(values.seed)
if (!Number.isInteger(seed)) {
  process.stderr.write(`rehearse: --seed must be an integer, got ${values.seed}\n`)
  process.exit(2)
}

/** Experiments that only the simulated world can answer: no configuration key feeds them (cross-modal reads the
 * intra-class experiment's images, so it is not one of them). */
const SIMULATED_ONLY = new Set(['causal-story'])

interface ExperimentLine { id: string, experiment: string, claim: string, tier: string, source?: unknown, note?: string }

async function rehearse(): Promise<number> {
  const timings: Record<string, number> = {}
  // The tiny random MPNet, ViT, ConvNeXt and BEiT (scripts/make-encoders.ts; Python in the cache's venv, built once):
  // the configuration names them, so the MPNet build and Fig. 6's per-encoder shares run on real code paths.
  say('encoders: the tiny random MPNet, ViT, ConvNeXt and BEiT (scripts/make-encoders.ts; a first run builds them, 1-3 min)')
  const encoders = ensureEncoders(fixturesDir())
  const generated = await generateRehearsal(values.out!, { seed, log: say, encoders, labels: true })
  const { root, config, server } = generated
  timings.generate = seconds()
  const summary: Record<string, unknown> = { root, config, origin: server.origin, counts: generated.counts }
  let failed = false
  try {
    // 1. LAIONet from the parts with the configured CLIP, into sources.laionetBuild: `laionet build` with the
    //    construction experiment's settings (paper lemmas, similarity > 0.82), so `experiment --all` finds it done.
    let t = Date.now()
    const build = await laionet(['build', '--input', ...generated.parts, '--model', generated.plan.inputs.clip, '--out', dirname(join(root, LAYOUT.build)), '--threshold', '0.82', '--json'])
    timings.build = seconds(t)
    say(`build: exit ${build.code}`)
    if (build.code !== 0) {
      process.stderr.write(build.stdout)
      return 1
    }

    // 1'. The authors' full label file, in its format (pickle protocol 4 of {wnid: [global index, ...]}), from the build.
    const buildLabels = JSON.parse(readFileSync(join(dirname(join(root, LAYOUT.build)), 'labels.json'), 'utf8')) as Record<string, number[]>
    await mkdir(dirname(join(root, LAYOUT.labels)), { recursive: true })
    await writeIfChanged(join(root, LAYOUT.labels), encodeIndexPickle(buildLabels))
    say(`labels: ${Object.keys(buildLabels).length} classes into ${LAYOUT.labels}`)

    // 1a. Appendix A: LAIONet with the MPNet text encoder (models.textEncoders.mpnet, threshold 0.58), beside the CLIP one.
    t = Date.now()
    const mpnet = await laionet(['build', '--input', ...generated.parts, '--model', join(encoders, ENCODER_FIXTURES.mpnet), '--text-encoder', 'mpnet', '--out', join(root, 'laionet-build-mpnet'), '--json'])
    timings.buildMpnet = seconds(t)
    const mpnetSummary = mpnet.stdout.trim() ? JSON.parse(mpnet.stdout) as { samples: number, classes: number, candidates: number, threshold: number } : null
    summary.buildMpnet = mpnetSummary && { exit: mpnet.code, samples: mpnetSummary.samples, classes: mpnetSummary.classes, candidates: mpnetSummary.candidates, threshold: mpnetSummary.threshold }
    say(`build (MPNet, Appendix A): exit ${mpnet.code}${mpnetSummary ? `, ${mpnetSummary.samples} samples over ${mpnetSummary.classes} classes at > ${mpnetSummary.threshold}` : ''}`)
    if (mpnet.code !== 0) failed = true

    // 1b. The lemma-matched pool's image embeddings (sources.embeddings.laionPool, for image-link): the configured
    //     CLIP over the images the server holds for the build's candidates, one row per candidate in its order.
    t = Date.now()
    const buildDir = dirname(join(root, LAYOUT.build))
    const { candidates } = await readBuild(buildDir)
    await mkdir(dirname(join(root, LAYOUT.poolEmbeddings)), { recursive: true })
    const pool = await laionet(['embed-images', '--model', generated.plan.inputs.clip, '--out', join(root, LAYOUT.poolEmbeddings), '--json',
      ...candidates.map((c) => join(root, LAYOUT.server, 'laion', `${c.row}.jpg`))])
    await writeIfChanged(join(root, LAYOUT.poolLabels), JSON.stringify(candidates.map((c) => c.wnid)) + '\n')
    timings.poolEmbeddings = seconds(t)
    say(`pool embeddings: exit ${pool.code}, ${candidates.length} candidates of the build`)
    if (pool.code !== 0) failed = true

    // 2. Its images from the local server, into WebDataset shards (sources.laionetImages); a few of its rows answer
    //    with the failure modes a real download meets.
    const labels = JSON.parse(readFileSync(join(buildDir, 'labels.json'), 'utf8')) as Record<string, number[]>
    const rows = Object.values(labels).flat()
    const failures = assignFailureModes(generated.routes, rows)
    summary.failureModes = failures
    say(`download: ${rows.length} LAIONet rows; failure modes ${failures.map((f) => `${f.kind} at row ${f.index}`).join(', ')}`)
    t = Date.now()
    const download = await laionet(['download', '--config', config, '--allow-loopback', '--retries', '1', '--json'])
    timings.download = seconds(t)
    const downloaded = download.stdout.trim() ? JSON.parse(download.stdout) as Record<string, unknown> : null
    summary.download = downloaded
    summary.server = { ...server.counts }
    say(`download: exit ${download.code}; server answered ${JSON.stringify(server.counts)}`)
    if (download.code !== 0) failed = true

    // 2a. The paper's OCR drop: `laionet ocr-filter` (tesseract) over the downloaded images, into the build's
    //     ocr-flags.jsonl, where the accuracy, construction and cross-modal experiments read the verdicts.
    t = Date.now()
    const ocr = await laionet(['ocr-filter', '--build', buildDir, '--images', join(root, LAYOUT.images), '--json'])
    timings.ocrFilter = seconds(t)
    summary.ocrFilter = ocr.stdout.trim() ? JSON.parse(ocr.stdout) as unknown : null
    say(`ocr-filter: exit ${ocr.code}${summary.ocrFilter ? `, ${JSON.stringify(summary.ocrFilter)}` : ''}`)
    if (ocr.code !== 0) failed = true

    // 2b. The hub path: the same configuration with CLIP named by its hub id, served by a local hub (the tiny CLIP under
    //     the real name): downloaded once, reused without a request, built through, and never `real`.
    t = Date.now()
    const hubRun = await rehearseHub(root, config, say)
    timings.hub = seconds(t)
    summary.hub = hubRun
    for (const p of hubRun.problems) say(`hub: PROBLEM: ${p}`)
    if (!hubRun.ok) failed = true

    // 2c. Fig. 9's image sources (scripts/rehearsal/fig9-sources.ts): ImageNet-Captions' training images, and the LAION
    //     images of the captions' nearest rows downloaded from the server; then the configuration names both.
    t = Date.now()
    const fig9 = await rehearseFig9Sources(root, config, generated.plan, say)
    timings.fig9 = seconds(t)
    summary.fig9 = fig9
    if (!fig9.ok) failed = true

    // 3. Every experiment on the configuration.
    if (values['no-experiments']) say('experiments: skipped (--no-experiments)')
    else if (!hasCommand('experiment')) say('experiments: `laionet experiment` is not in this build yet; skipped')
    else {
      t = Date.now()
      const all = await laionet(['experiment', '--all', '--config', config, '--json'])
      timings.experiments = seconds(t)
      const lines = all.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as ExperimentLine)
      await mkdir(join(root, LAYOUT.results), { recursive: true })
      writeFileSync(join(root, LAYOUT.results, 'experiments.jsonl'), all.stdout)
      const tiers: Record<string, Record<string, number>> = {}
      for (const l of lines) {
        tiers[l.experiment] ??= {}
        tiers[l.experiment][l.tier] = (tiers[l.experiment][l.tier] ?? 0) + 1
      }
      // The configuration supplies a source to every experiment but the simulated ones: a record of another
      // experiment at tier simulated or quoted is a number the configuration could not reach; list it.
      const fallbacks = lines.filter((l) => !SIMULATED_ONLY.has(l.experiment) && (l.tier === 'simulated' || l.tier === 'quoted'))
        .map((l) => `${l.experiment}: ${l.id}, ${l.claim} (${l.tier}${l.note ? `: ${l.note}` : ''})`)
      const unsourced = lines.filter((l) => ['real', 'released', 'fixture'].includes(l.tier) && !(Array.isArray(l.source) && l.source.length > 0)).map((l) => `${l.experiment}: ${l.id}, ${l.claim}`)
      summary.experiments = { exit: all.code, records: lines.length, tiers, fallbacks, unsourced }
      say(`experiments: exit ${all.code}, ${lines.length} records; tiers ${JSON.stringify(tiers)}`)
      for (const f of fallbacks) say(`experiments: not computed from the configuration: ${f}`)
      for (const u of unsourced) say(`experiments: record without a source: ${u}`)
      if (all.code !== 0) failed = true
    }

    // 4. The notebooks and the report on the same configuration.
    if (values['no-reproduce']) say('reproduce: skipped (--no-reproduce)')
    else {
      t = Date.now()
      say(`reproduce: npm run reproduce -- --config ${config} (outputs in ${join(root, LAYOUT.results)})`)
      const code = await run('npm', ['run', 'reproduce', '--', '--config', config], { LAIONET_OUT: join(root, LAYOUT.results) }, projectRoot)
      timings.reproduce = seconds(t)
      summary.reproduce = { exit: code }
      say(`reproduce: exit ${code}`)
      if (code !== 0) failed = true
    }
  } finally {
    await server.close()
  }
  timings.total = seconds()
  summary.seconds = timings
  writeFileSync(join(root, 'rehearsal-summary.json'), JSON.stringify(summary, null, 2) + '\n')
  process.stdout.write(`rehearsal ${failed ? 'FAILED' : 'ok'} in ${timings.total} s: ${root} (configuration ${config}; summary in rehearsal-summary.json)\n`)
  return failed ? 1 : 0
}

rehearse().then((code) => { process.exitCode = code }, (err: Error) => {
  process.stderr.write(`rehearse: FAILED: ${err.message.replace(/^rehearse: /, '')}\n`)
  if (process.env.LAIONET_DEBUG) process.stderr.write(`${err.stack}\n`)
  process.exitCode = 1
})
