import { existsSync } from 'node:fs'
import type { Tier } from '../tier.js'
import type { ExperimentTier, LaionetConfig } from './types.js'

/** How CLIP will be obtained: real weights (local folder or the hub), or the tiny random fixture model. */
export function clipTier(config: LaionetConfig): { tier: Tier, reason: string } {
  const { clip, allowRemoteModels } = config.models
  if (/tiny-random/i.test(clip)) return { tier: 'fixture', reason: `models.clip is the tiny random model ${clip}` }
  if (existsSync(clip)) return { tier: 'real', reason: `CLIP weights from the local folder ${clip}` }
  if (allowRemoteModels) return { tier: 'real', reason: `CLIP weights ${clip} from the model hub (models.allowRemoteModels)` }
  return { tier: 'fixture', reason: `no real CLIP weights (models.clip "${clip}" is not a local folder and models.allowRemoteModels is false), so the tiny random CLIP stands in` }
}

/**
 * Tells, for every experiment of the paper, which tier its results will come from under `config` (real > released >
 * simulated > fixture > quoted), why, and what to configure for a stronger one. A notebook prints this table so every
 * number is read with its provenance.
 * @returns one entry per experiment, in paper order
 * @example describeTiers(await loadConfig()).find((e) => e.experiment === 'intra-class')?.tier // 'simulated'
 */
export function describeTiers(config: LaionetConfig): ExperimentTier[] {
  const s = config.sources
  const clip = clipTier(config)
  const classifiers = config.models.classifiers.length > 0
  const laion = s.laionParquet.length > 0
  const emb = s.embeddings
  const v2Folders = Object.values(s.imagenetV2).some((p) => p !== null)
  const v2Embeddings = Boolean(emb.imagenetV2MatchedFrequency || emb.imagenetV2Threshold07 || emb.imagenetV2TopImages)
  const entry = (experiment: string, paper: string, tier: Tier, reason: string, upgrade: string | null = null): ExperimentTier => ({ experiment, paper, tier, reason, upgrade })
  const onData = laion ? `the configured LAION parquet (${s.laionParquet.length} pattern${s.laionParquet.length > 1 ? 's' : ''})` : 'the real 10,000-row LAION-400M sample'

  const filter = clip.tier === 'real'
    ? entry('laionet-filter', 'Sec. 2 steps 3-5, Fig. 3, Fig. 4', 'real', `CLIP text similarity on ${onData}; ${clip.reason}`, laion ? null : 'set sources.laionParquet to the 32 LAION-400M parts for the full-scale counts')
    : entry('laionet-filter', 'Sec. 2 steps 3-5, Fig. 3, Fig. 4', 'fixture', `${clip.reason}; the paper's sizes are quoted beside`, 'set models.clip to a local Xenova/clip-vit-base-patch32 folder, or models.allowRemoteModels to true with a network')

  const imagenetAcc = s.imagenetVal.folder && classifiers
    ? entry('accuracy-imagenet', 'Fig. 1, Fig. 5 (ImageNet side)', 'real', `${config.models.classifiers.length} classifier(s) run on the ImageNet validation folder ${s.imagenetVal.folder}`)
    : entry('accuracy-imagenet', 'Fig. 1, Fig. 5 (ImageNet side)', 'released', 'the authors\' released per-image results of 29 classifiers on the 50,000 validation images', 'set sources.imagenetVal.folder and models.classifiers to rerun the classifiers')
  const laionetAcc = s.laionetImages && classifiers
    ? entry('accuracy-laionet', 'Fig. 1, Fig. 5 (LAIONet side)', 'real', `${config.models.classifiers.length} classifier(s) run on the downloaded LAIONet images in ${s.laionetImages}`)
    : entry('accuracy-laionet', 'Fig. 1, Fig. 5 (LAIONet side)', 'quoted', 'no LAIONet images here: the paper\'s accuracies are quoted', 'build LAIONet, run `laionet download`, set sources.laionetImages and models.classifiers')

  const intraReal = (emb.laionet && emb.imagenetVal) || (s.laionetImages && s.imagenetVal.folder && clip.tier === 'real')
  const intra = intraReal
    ? entry('intra-class', 'Fig. 6', 'real', emb.laionet && emb.imagenetVal ? 'precomputed CLIP image embeddings of LAIONet and ImageNet validation (sources.embeddings)' : `CLIP image embeddings computed from the LAIONet images and the ImageNet validation folder; ${clip.reason}`)
    : entry('intra-class', 'Fig. 6', 'simulated', 'no LAIONet image embeddings here: the causal world reproduces the mechanism and the paper\'s 57.6% / 27.9% are quoted', 'set sources.embeddings.laionet and .imagenetVal, or sources.laionetImages and sources.imagenetVal.folder with real CLIP')

  const v2Acc = v2Folders && classifiers
    ? entry('imagenetv2-accuracy', 'Fig. 7 (accuracy)', 'real', 'classifiers run on the configured ImageNetV2 folders')
    : entry('imagenetv2-accuracy', 'Fig. 7 (accuracy)', 'released', 'ImageNetV2\'s released top-5 predictions of 12 models on its three test sets', 'set sources.imagenetV2 folders and models.classifiers to rerun the classifiers')
  const v2Intra = v2Embeddings || (v2Folders && clip.tier === 'real')
    ? entry('imagenetv2-intra-class', 'Fig. 7 (intra-class similarity)', 'real', v2Embeddings ? 'precomputed ImageNetV2 embeddings (sources.embeddings)' : `CLIP image embeddings of the ImageNetV2 folders; ${clip.reason}`)
    : entry('imagenetv2-intra-class', 'Fig. 7 (intra-class similarity)', 'simulated', 'no ImageNetV2 images here: selection frequency is varied in the causal world; the paper\'s 32.0% / 38.3% are quoted', 'set sources.imagenetV2 folders with real CLIP, or their embeddings')

  const imageLink = emb.laionPool
    ? entry('image-link', 'TMLR Sec. 4.2 (datasets A-D)', 'real', 'precomputed CLIP image embeddings of the lemma-matched LAION pool (sources.embeddings.laionPool)')
    : entry('image-link', 'TMLR Sec. 4.2 (datasets A-D)', 'simulated', 'no LAION image embeddings here: the image-to-selection link is added in the causal world; the paper\'s 0.696..0.736 are quoted', 'set sources.embeddings.laionPool')

  const captions = s.imagenetCaptions && clip.tier === 'real'
    ? entry('imagenet-captions', 'Fig. 8, Fig. 9', 'real', `ImageNet-Captions from ${s.imagenetCaptions}; ${clip.reason}`)
    : entry('imagenet-captions', 'Fig. 8, Fig. 9', 'quoted', s.imagenetCaptions ? `ImageNet-Captions is configured but ${clip.reason}` : 'ImageNet-Captions is not available here: the paper\'s 95.7% and 77.3% are quoted', 'set sources.imagenetCaptions and real CLIP weights')

  return [
    entry('classes', 'Sec. 2 step 1 (1,825 lemmas over 995 classes)', 'real', 'WordNet 3.0 and the ILSVRC-2012 class list are real data'),
    entry('laionet-matching', 'Sec. 2 step 2 (substring matching)', 'real', `lemma matching on ${onData}`, laion ? null : 'set sources.laionParquet (optionally limits.maxLaionRows) for the full 413M captions'),
    filter,
    imagenetAcc,
    laionetAcc,
    intra,
    v2Acc,
    v2Intra,
    imageLink,
    captions,
    entry('causal-story', 'Fig. 2 (the two causal graphs)', 'simulated', 'the selection mechanisms are simulated in a world where the truth is known'),
  ]
}

/**
 * Formats {@link describeTiers} as an aligned text table (experiment, tier, paper, reason), for a notebook cell or
 * `laionet config`.
 * @example console.log(formatTiers(describeTiers(config)))
 */
export function formatTiers(tiers: readonly ExperimentTier[]): string {
  const w = Math.max(...tiers.map((t) => t.experiment.length))
  return tiers.map((t) => `${t.experiment.padEnd(w)}  ${t.tier.padEnd(9)}  ${t.paper}\n${' '.repeat(w + 13)}${t.reason}${t.upgrade ? `\n${' '.repeat(w + 13)}stronger: ${t.upgrade}` : ''}`).join('\n') + '\n'
}
