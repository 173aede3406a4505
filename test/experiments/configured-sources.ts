// The configured sources of the experiments' tests: the rehearsal's own miniature copies of every real source
// (scripts/rehearsal: `generateRehearsal`, the same files `npm run rehearse` makes), in a temporary folder, with
// LAIONet built by the construction experiment and its images downloaded from the rehearsal's 127.0.0.1 server.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { FIG9_LAYOUT, writeCaptionsTrainImages } from '../../scripts/rehearsal/fig9-sources.js'
import { generateRehearsal, type GeneratedRehearsal } from '../../scripts/rehearsal/generate.js'
import { loadConfig, runExperiment, type ExperimentResult, type LaionetConfig } from '../../src/index.js'
import { runCli } from '../helpers/cli.js'

export interface ConfiguredSources {
  /** The rehearsal folder. */
  dir: string
  /** The configuration file naming every source (the rehearsal's, with the cache inside `dir` and no pool embeddings). */
  file: string
  config: LaionetConfig
  generated: GeneratedRehearsal
  /** The construction experiment's result on `config` (it built sources.laionetBuild). */
  construction: ExperimentResult
  /** What `laionet download --config file` stored into sources.laionetImages. */
  stored: number
  /** The build rows `laionet ocr-filter` flagged (its verdicts are in the build's ocr-flags.jsonl). */
  ocrFlagged: number
  /** Stops the image server. */
  close: () => Promise<void>
}

/**
 * Generates the rehearsal's sources in `dir` with ImageNet-Captions' training images (sources.imagenetCaptionsImages),
 * writes `test.config.json` (the rehearsal's configuration with its cache inside `dir`, so runs never share trial
 * copies or embeddings), builds LAIONet with the construction experiment, downloads its images with `laionet download`
 * and OCRs them with `laionet ocr-filter` (tesseract) into the build's ocr-flags.jsonl, as the rehearsal does.
 */
export async function writeConfiguredSources(dir: string): Promise<ConfiguredSources> {
  const generated = await generateRehearsal(dir, { slowMs: 50, stallMs: 300 })
  try {
    const raw = JSON.parse(readFileSync(generated.config, 'utf8')) as Record<string, unknown>
    const file = join(dir, 'test.config.json')
    // The pool embeddings (sources.embeddings.laionPool) are the image-link test's to write.
    await writeCaptionsTrainImages(dir, generated.plan)
    const sources = { ...(raw.sources as Record<string, unknown>), embeddings: {}, imagenetCaptionsImages: FIG9_LAYOUT.train }
    writeFileSync(file, JSON.stringify({ ...raw, cacheDir: 'cache', sources }, null, 2))
    // The images are downloaded after the build: check the paths once they are there.
    const construction = await runExperiment('construction', { config: await loadConfig(file, { checkPaths: false }) })
    const download = await runCli(['download', '--config', file, '--allow-loopback', '--retries', '0', '--json'])
    if (download.code !== 0) throw new Error(`fixture: laionet download failed (${download.code}): ${download.stderr}`)
    const stored = (JSON.parse(download.stdout) as { stored: number }).stored
    const config = await loadConfig(file)
    const ocr = await runCli(['ocr-filter', '--build', dirname(config.sources.laionetBuild!), '--images', config.sources.laionetImages!, '--json'])
    if (ocr.code !== 0) throw new Error(`fixture: laionet ocr-filter failed (${ocr.code}): ${ocr.stderr}`)
    const ocrFlagged = (JSON.parse(ocr.stdout) as { flagged: number }).flagged
    return { dir, file, config, generated, construction, stored, ocrFlagged, close: () => generated.server.close() }
  } catch (err) {
    await generated.server.close()
    throw err
  }
}
