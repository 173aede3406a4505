import { basename, dirname, join } from 'node:path'
import type { Tier } from '../tier.js'
import { clipTier, type ClipResolution } from './resolve-clip.js'
import { imageEncodersTier, mpnetBuildTier } from './resolve-encoders.js'
import type { EmbeddingDataset, LaionetConfig } from './types.js'

/** The experiments of the paper, in paper order: the names of `laionet experiment` and of src/experiments. */
export const EXPERIMENT_NAMES = ['classes', 'construction', 'accuracy', 'intra-class', 'imagenetv2', 'image-link', 'imagenet-captions', 'cross-modal', 'causal-story'] as const

/** One experiment of {@link EXPERIMENT_NAMES}. */
export type ExperimentName = typeof EXPERIMENT_NAMES[number]

/**
 * Where one part of an experiment takes its inputs from under a configuration: the branch the experiment runs, the
 * tier of its numbers, and the files and models it reads. Both the experiments (src/experiments) and
 * `describeTiers` read this, so the table a notebook prints is what the experiment does.
 */
export interface SourceChoice {
  /** Stable id of the part, e.g. 'accuracy-laionet' (also `ExperimentTier.experiment`). */
  part: string
  /** The experiment that computes it. */
  experiment: ExperimentName
  /** The paper's figure or section. */
  paper: string
  /** The branch the experiment runs, e.g. 'laion-parquet', 'sample', 'released', 'embeddings', 'images', 'simulated'. */
  branch: string
  /** The tier of its numbers. */
  tier: Tier
  /** Why, in one sentence. */
  reason: string
  /** What to configure for a stronger tier, when there is one. */
  upgrade: string | null
  /** The configured files, folders and models it reads (empty for built-in data and the simulated world). */
  source: string[]
}

/**
 * The folder of a configured build: `sources.laionetBuild` names the build's laionet.parquet (or its folder); without
 * it, `<outDir>/laionet`.
 * @example buildFolder(parseConfig({ sources: { laionetBuild: '/o/laionet/laionet.parquet' } })) // '/o/laionet'
 */
export function buildFolder(config: LaionetConfig): string {
  const b = config.sources.laionetBuild
  if (!b) return join(config.outDir, 'laionet')
  return /\.(parquet|csv|jsonl?)$/i.test(basename(b)) ? dirname(b) : b
}

const V2_KEYS = { matchedFrequency: 'imagenetV2MatchedFrequency', threshold07: 'imagenetV2Threshold07', topImages: 'imagenetV2TopImages' } as const

/** The configured ImageNetV2 folders, by set key (`matchedFrequency`, `threshold07`, `topImages`). */
export function imageNetV2Sources(config: LaionetConfig): { key: keyof typeof V2_KEYS, folder: string | null, embeddings: EmbeddingDataset }[] {
  return (Object.keys(V2_KEYS) as (keyof typeof V2_KEYS)[]).map((key) => ({ key, folder: config.sources.imagenetV2[key], embeddings: V2_KEYS[key] }))
}

/**
 * Resolves, for every part of every experiment, which source it reads under `config`: a configured source is always
 * used (strongest first: real data > the authors' released results > the simulated world > fixture models > the
 * paper's quoted numbers); numbers that pass through a CLIP whose weights are not verified as ViT-B/32 are tier
 * `fixture` whatever they read. `clip` is the CLIP decision (default: {@link clipTier}, the one resolveClip made).
 * @returns one choice per part, in paper order
 * @example resolveSources(defaultConfig()).find((c) => c.part === 'accuracy-laionet')?.branch // 'quoted'
 */
export function resolveSources(config: LaionetConfig, clip: Pick<ClipResolution, 'tier' | 'reason'> = clipTier(config)): SourceChoice[] {
  const s = config.sources
  const clipSource = [config.models.clip]
  const classifiers = config.models.classifiers
  const laion = s.laionParquet.length > 0
  const emb = s.embeddings
  const released = s.laionetReleased
  const choice = (part: string, experiment: ExperimentName, paper: string, branch: string, tier: Tier, reason: string, upgrade: string | null, source: string[] = []): SourceChoice =>
    ({ part, experiment, paper, branch, tier, reason, upgrade, source })
  const onData = laion ? `the configured LAION parquet (${s.laionParquet.join(', ')})${config.limits.maxLaionRows ? `, first ${config.limits.maxLaionRows} rows` : ''}` : 'the real 10,000-row LAION-400M sample'
  const laionSource = laion ? [...s.laionParquet] : []

  const out: SourceChoice[] = [
    choice('classes', 'classes', 'Sec. 2 step 1 (1,825 lemmas over 995 classes)', 'wordnet', 'real', 'WordNet 3.0 and the ILSVRC-2012 class list are real data', null),
    choice('laionet-matching', 'construction', 'Sec. 2 step 2 (substring matching)', laion ? 'laion-parquet' : 'sample', 'real', `lemma matching on ${onData}`,
      laion ? null : 'set sources.laionParquet (optionally limits.maxLaionRows) for the full 413M captions', laionSource),
  ]
  const filterUpgrade = 'set models.clip to a local Xenova/clip-vit-base-patch32 folder, or models.allowRemoteModels to true with a network'
  out.push(clip.tier === 'real'
    ? choice('laionet-filter', 'construction', 'Sec. 2 steps 3-5, Fig. 3, Fig. 4', laion ? 'laion-parquet' : 'sample', 'real', `CLIP text similarity on ${onData}; ${clip.reason}`,
      laion ? null : 'set sources.laionParquet to the 32 LAION-400M parts for the full-scale counts', [...laionSource, ...clipSource])
    : choice('laionet-filter', 'construction', 'Sec. 2 steps 3-5, Fig. 3, Fig. 4', laion ? 'laion-parquet' : 'sample', 'fixture', `CLIP text similarity on ${onData}; ${clip.reason}; the paper's sizes are quoted beside`,
      filterUpgrade, [...laionSource, ...clipSource]))
  out.push(released
    ? choice('laionet-released', 'construction', 'Fig. 4, OCR share (the released LAIONet)', 'released', 'released', `class frequencies and the OCR share of the authors' released LAIONet ${released}`, null, [released])
    : choice('laionet-released', 'construction', 'Fig. 4, OCR share (the released LAIONet)', 'quoted', 'quoted', 'the authors\' released LAIONet parquet is not configured: its size, class frequencies and OCR share are quoted', 'set sources.laionetReleased to the authors\' released LAIONet parquet'))

  // The authors' full label file (issue #22): one part, read by every experiment that uses it (SHARED_PARTS).
  out.push(s.laionetLabels
    ? choice('laionet-labels', 'construction', 'Fig. 4 counts, Fig. 5 weights, Fig. 6/7 first 100 per class (the authors\' label file)', 'label-file', 'released', `the authors' full label file ${s.laionetLabels} ({wnid: [global LAION index]})`, null, [s.laionetLabels])
    : choice('laionet-labels', 'construction', 'Fig. 4 counts, Fig. 5 weights, Fig. 6/7 first 100 per class (the authors\' label file)', 'absent', 'quoted', 'the authors\' label file is not configured: Fig. 4 and Fig. 5 count the released LAIONet or the build, and the first 100 per class follow the shard order', 'set sources.laionetLabels to the authors\' wnid2laionindices(subset_sm_filt(...clip-vit-base-patch32)).pkl'))
  const mpnet = s.laionetMpnetBuild ? mpnetBuildTier(/\.(parquet|csv|jsonl?)$/i.test(basename(s.laionetMpnetBuild)) ? dirname(s.laionetMpnetBuild) : s.laionetMpnetBuild) : null
  // Appendix A: a LAIONet built with the MPNet text encoder. Its numbers are as real as the MPNet weights it ran.
  out.push(s.laionetMpnetBuild
    ? choice('laionet-mpnet', 'construction', 'App. A (LAIONet with the MPNet text encoder)', 'build', mpnet!.tier, `the MPNet build ${s.laionetMpnetBuild}; ${mpnet!.reason}`, mpnet!.tier === 'real' ? null : 'build with the real all-mpnet-base-v2 (models.textEncoders.mpnet); its numbers stay fixture until MPNet weights can be checked (no offline reference yet)', [s.laionetMpnetBuild])
    : choice('laionet-mpnet', 'construction', 'App. A (LAIONet with the MPNet text encoder)', 'quoted', 'quoted', 'no MPNet build is configured: Appendix A\'s 1,297,309 samples are quoted', 'run `laionet build --text-encoder mpnet` and set sources.laionetMpnetBuild to its folder'))

  out.push(s.imagenetVal.folder && classifiers.length
    ? choice('accuracy-imagenet', 'accuracy', 'Fig. 1, Fig. 5 (ImageNet side)', 'imagenet-folder', 'real', `${classifiers.length} classifier(s) run on the ImageNet validation folder ${s.imagenetVal.folder}`, null,
      [s.imagenetVal.folder, ...(s.imagenetVal.devkit ? [s.imagenetVal.devkit] : []), ...classifiers])
    : choice('accuracy-imagenet', 'accuracy', 'Fig. 1, Fig. 5 (ImageNet side)', 'released', 'released', 'the authors\' released per-image results of 29 classifiers on the 50,000 validation images', 'set sources.imagenetVal.folder and models.classifiers to rerun the classifiers'))
  out.push(s.laionetImages && classifiers.length
    ? choice('accuracy-laionet', 'accuracy', 'Fig. 1, Fig. 5 (LAIONet side)', 'laionet-images', 'real', `${classifiers.length} classifier(s) run on the downloaded LAIONet images in ${s.laionetImages} (labels: the build's classes stored in each sample)`, null,
      [s.laionetImages, ...classifiers])
    : released
      ? choice('accuracy-laionet', 'accuracy', 'Fig. 1, Fig. 5 (LAIONet side)', 'released', 'released', `the authors' released per-sample results (top_{1,5}_is_correct_<model>) in ${released}`, 'set sources.laionetImages (from `laionet download`) and models.classifiers to rerun the classifiers', [released])
      : choice('accuracy-laionet', 'accuracy', 'Fig. 1, Fig. 5 (LAIONet side)', 'quoted', 'quoted', 'no LAIONet images and no released LAIONet here: the paper\'s accuracies are quoted', 'set sources.laionetReleased to the authors\' released LAIONet parquet, or build LAIONet, run `laionet download`, set sources.laionetImages and models.classifiers'))

  out.push(appF2Choice(config, clip, out[out.length - 1], choice))

  const intraUpgrade = 'set sources.embeddings.laionet and .imagenetVal, or sources.laionetImages and sources.imagenetVal.folder (with real CLIP weights)'
  if (emb.laionet && emb.imagenetVal) {
    out.push(choice('intra-class', 'intra-class', 'Fig. 6', 'embeddings', 'real', 'precomputed CLIP image embeddings of LAIONet and ImageNet validation (sources.embeddings)', null,
      [emb.laionet.file, emb.laionet.labels, emb.imagenetVal.file, emb.imagenetVal.labels]))
  } else if (s.laionetImages && s.imagenetVal.folder) {
    out.push(choice('intra-class', 'intra-class', 'Fig. 6', 'images', clip.tier, `CLIP image embeddings computed from the LAIONet images in ${s.laionetImages} and the ImageNet validation folder ${s.imagenetVal.folder} (first ${config.limits.laionetPerClass} per class); ${clip.reason}`,
      clip.tier === 'real' ? null : filterUpgrade, [s.laionetImages, s.imagenetVal.folder, ...(s.imagenetVal.devkit ? [s.imagenetVal.devkit] : []), ...clipSource]))
  } else {
    out.push(choice('intra-class', 'intra-class', 'Fig. 6', 'simulated', 'simulated', 'no LAIONet image embeddings here: the causal world reproduces the mechanism and the paper\'s 57.6% / 27.9% are quoted', intraUpgrade))
  }

  // Fig. 6 with ViT, ConvNeXt, BEiT: `real` only for weights that pass the pretrained-features check.
  const encoders = Object.values(config.models.imageEncoders).filter(Boolean) as string[]
  if (encoders.length && s.laionetImages && s.imagenetVal.folder) {
    const enc = imageEncodersTier(config)
    out.push(choice('intra-class-encoders', 'intra-class', 'Fig. 6 robustness (ViT, ConvNeXt, BEiT)', 'images', enc.tier, `the encoders' pooler outputs of the LAIONet images and the ImageNet validation folder; ${enc.reason}`, enc.tier === 'real' ? null : 'set models.imageEncoders to the pretrained ViT, ConvNeXt and BEiT (ONNX exports)', [s.laionetImages, s.imagenetVal.folder, ...encoders]))
  } else {
    out.push(choice('intra-class-encoders', 'intra-class', 'Fig. 6 robustness (ViT, ConvNeXt, BEiT)', 'quoted', 'quoted', 'no other image encoder with LAIONet images and the ImageNet validation folder: the paper\'s 60.0% / 70.0% / 66.7% are quoted', 'set models.imageEncoders, sources.laionetImages and sources.imagenetVal.folder'))
  }

  const v2 = imageNetV2Sources(config)
  const v2Folders = v2.filter((v) => v.folder).map((v) => v.folder!)
  const v2Emb = v2.filter((v) => emb[v.embeddings]).flatMap((v) => [emb[v.embeddings]!.file, emb[v.embeddings]!.labels])
  out.push(v2Folders.length && classifiers.length
    ? choice('imagenetv2-accuracy', 'imagenetv2', 'Fig. 7 (accuracy)', 'folders', 'real', `${classifiers.length} classifier(s) run on the configured ImageNetV2 folders${s.laionetImages ? ` and on the LAIONet images in ${s.laionetImages} (the authors' LAIONet-vs-ImageNetV2 scatter)` : ' (no LAIONet images: accuracy against the selection frequency only)'}`, s.laionetImages ? null : 'set sources.laionetImages for the LAIONet axis',
      [...v2Folders, ...(s.laionetImages ? [s.laionetImages] : []), ...(s.laionetLabels ? [s.laionetLabels] : []), ...classifiers])
    : choice('imagenetv2-accuracy', 'imagenetv2', 'Fig. 7 (accuracy)', 'released', 'released', 'ImageNetV2\'s released top-5 predictions of its own 12 models (not the paper\'s 29) on its three test sets, with no LAIONet side', 'set sources.imagenetV2 folders, sources.laionetImages and models.classifiers to rerun the paper\'s models'))
  out.push(v2Emb.length
    ? choice('imagenetv2-intra-class', 'imagenetv2', 'Fig. 7 (intra-class similarity)', 'embeddings', 'real', 'precomputed ImageNetV2 embeddings (sources.embeddings)', null, v2Emb)
    : v2Folders.length
      ? choice('imagenetv2-intra-class', 'imagenetv2', 'Fig. 7 (intra-class similarity)', 'images', clip.tier, `CLIP image embeddings of the ImageNetV2 folders; ${clip.reason}`, clip.tier === 'real' ? null : filterUpgrade, [...v2Folders, ...clipSource])
      : choice('imagenetv2-intra-class', 'imagenetv2', 'Fig. 7 (intra-class similarity)', 'simulated', 'simulated', 'no ImageNetV2 images here: selection frequency is varied in the causal world; the paper\'s 32.0% / 38.3% are quoted', 'set sources.imagenetV2 folders (with real CLIP), or their embeddings'))

  // ImageNetV2's per-image MTurk selection frequencies (not distributed with its test sets; issue #22).
  out.push(s.imagenetV2SelectionFrequencies
    ? choice('imagenetv2-selection-frequency', 'imagenetv2', 'Fig. 7 (mean selection frequencies)', 'released', 'released', `ImageNetV2's per-image MTurk selection frequencies in ${s.imagenetV2SelectionFrequencies}, averaged over each test set's images`, null, [s.imagenetV2SelectionFrequencies])
    : choice('imagenetv2-selection-frequency', 'imagenetv2', 'Fig. 7 (mean selection frequencies)', 'quoted', 'quoted', 'ImageNetV2\'s per-image MTurk selection frequencies are not distributed with its test sets: the paper\'s 0.73 / 0.85 / 0.93 are quoted', 'set sources.imagenetV2SelectionFrequencies to a JSON { image id: { wnid: fraction } } (ImageNetV2\'s MTurkData.image_fraction_selected)'))

  out.push(emb.laionPool
    ? choice('image-link', 'image-link', 'TMLR Sec. 4.2 (datasets A-D)', 'embeddings', clip.tier === 'real' ? 'real' : 'fixture', `precomputed CLIP image embeddings of the lemma-matched LAION pool (sources.embeddings.laionPool) against the synset texts embedded with the configured CLIP; ${clip.reason}`,
      clip.tier === 'real' ? null : filterUpgrade, [emb.laionPool.file, emb.laionPool.labels, ...clipSource])
    // The pool's downloaded images, embedded by the experiment (sources.laionPoolImages; issue #22 item 7).
    : s.laionPoolImages
      ? choice('image-link', 'image-link', 'TMLR Sec. 4.2 (datasets A-D)', 'images', clip.tier === 'real' ? 'real' : 'fixture', `CLIP image embeddings computed from the lemma-matched LAION pool's downloaded images in ${s.laionPoolImages} (one per candidate of the build, by row) against the synset texts embedded with the configured CLIP; ${clip.reason}`,
        clip.tier === 'real' ? null : filterUpgrade, [s.laionPoolImages, ...clipSource])
      : choice('image-link', 'image-link', 'TMLR Sec. 4.2 (datasets A-D)', 'simulated', 'simulated', 'no LAION image embeddings here: the image-to-selection link is added in the causal world; the paper\'s 0.696..0.736 are quoted', 'set sources.embeddings.laionPool, or sources.laionPoolImages'))

  // TMLR Sec. 4.2's comparator: ImageNet validation's pooled mean over the classes common to A-D, computed the same way.
  const linkImageNet = 'image-link-imagenet'
  const linkPaper = 'TMLR Sec. 4.2 (ImageNet comparator, 0.703)'
  const linkOn = out[out.length - 1].branch !== 'simulated'
  out.push(!linkOn
    ? choice(linkImageNet, 'image-link', linkPaper, 'quoted', 'quoted', 'the image-linked datasets are simulated here, so the ImageNet mean over their common classes is quoted (0.703)', 'set sources.embeddings.laionPool or sources.laionPoolImages, and ImageNet validation\'s embeddings or folder')
    : emb.imagenetVal
      ? choice(linkImageNet, 'image-link', linkPaper, 'embeddings', 'real', 'precomputed CLIP image embeddings of ImageNet validation (sources.embeddings.imagenetVal), pooled over the classes common to A-D', null, [emb.imagenetVal.file, emb.imagenetVal.labels])
      : s.imagenetVal.folder
        ? choice(linkImageNet, 'image-link', linkPaper, 'images', clip.tier, `CLIP image embeddings of the ImageNet validation folder ${s.imagenetVal.folder} (through the embedding cache), pooled over the classes common to A-D; ${clip.reason}`, clip.tier === 'real' ? null : filterUpgrade, [s.imagenetVal.folder, ...(s.imagenetVal.devkit ? [s.imagenetVal.devkit] : []), ...clipSource])
        : choice(linkImageNet, 'image-link', linkPaper, 'quoted', 'quoted', 'ImageNet validation is not configured (neither sources.embeddings.imagenetVal nor sources.imagenetVal.folder): its mean over the common classes is quoted (0.703)', 'set sources.embeddings.imagenetVal, or sources.imagenetVal.folder (with real CLIP weights)'))

  out.push(s.imagenetCaptions
    ? choice('imagenet-captions', 'imagenet-captions', 'Fig. 8, Fig. 9', 'captions', clip.tier, `ImageNet-Captions from ${s.imagenetCaptions}; ${clip.reason}`, clip.tier === 'real' ? null : filterUpgrade, [s.imagenetCaptions, ...clipSource])
    : choice('imagenet-captions', 'imagenet-captions', 'Fig. 8, Fig. 9', 'simulated', 'simulated', 'ImageNet-Captions is not available here: caption-to-synset similarity is measured in the causal world; the paper\'s 95.7% and 77.3% are quoted', 'set sources.imagenetCaptions (with real CLIP weights)'))

  out.push(...fig9Choices(config, clip, choice))

  const intra = out.find((c) => c.part === 'intra-class')!
  out.push(intra.branch === 'simulated'
    ? choice('cross-modal', 'cross-modal', 'App. D (image-to-synset similarity)', 'simulated', 'simulated', 'CLIP image-to-synset similarity of the text-only and image-aware selections in the causal world; the paper\'s 43.5% is quoted', 'configure the intra-class sources (LAIONet and ImageNet image embeddings or images)')
    : choice('cross-modal', 'cross-modal', 'App. D (image-to-synset similarity)', intra.branch, clip.tier, `CLIP image-to-synset-text similarity of the LAIONet and ImageNet validation images of the intra-class experiment, against the synset texts embedded with the configured CLIP; ${clip.reason}`,
      clip.tier === 'real' ? null : filterUpgrade, [...new Set([...intra.source, ...clipSource])]))
  out.push(choice('causal-story', 'causal-story', 'Fig. 2 (the two causal graphs)', 'simulated', 'simulated', 'the selection mechanisms are simulated in a world where the truth is known', null))
  return out
}

/**
 * Appendix F.2 the authors' way (their notebook's cells 44-49): per class, LAIONet top-1 recall against the intra-class
 * similarity gap LAIONet - ImageNet-Captions (training images). It needs both image sides and LAIONet recalls
 * (`lnet`, the accuracy-laionet part); the authors only plot it, so without them there is no number at all.
 */
function appF2Choice(config: LaionetConfig, clip: Pick<ClipResolution, 'tier' | 'reason'>, lnet: SourceChoice, choice: (part: string, experiment: ExperimentName, paper: string, branch: string, tier: Tier, reason: string, upgrade: string | null, source?: string[]) => SourceChoice): SourceChoice {
  const s = config.sources
  const emb = s.embeddings
  const paper = 'App. F.2 (recall against the intra-class gap)'
  const missing = [
    ...(s.imagenetCaptions && (emb.imagenetCaptionsTrain || s.imagenetCaptionsImages) ? [] : ['sources.imagenetCaptions with sources.imagenetCaptionsImages (its training images) or sources.embeddings.imagenetCaptionsTrain']),
    ...(emb.laionet || s.laionetImages ? [] : ['sources.laionetImages or sources.embeddings.laionet']),
    ...(lnet.branch === 'quoted' ? ['LAIONet recalls (sources.laionetImages with models.classifiers, or sources.laionetReleased)'] : []),
  ]
  if (missing.length) return choice('app-f2', 'accuracy', paper, 'quoted', 'quoted', `not measured (the authors only plot it; no paper number): needs ${missing.join(', ')}`, `set ${missing.join(' and ')}`)
  const embedsHere = !emb.laionet || !emb.imagenetCaptionsTrain
  const tier: Tier = embedsHere && clip.tier !== 'real' ? 'fixture' : lnet.tier
  const laionetSide = emb.laionet ? [emb.laionet.file, emb.laionet.labels] : [s.laionetImages!]
  const captionsSide = emb.imagenetCaptionsTrain ? [emb.imagenetCaptionsTrain.file, emb.imagenetCaptionsTrain.labels] : [s.imagenetCaptionsImages!]
  return choice('app-f2', 'accuracy', paper, embedsHere ? 'images' : 'embeddings', tier,
    `per class, the mean pair cosine of LAIONet's first ${config.limits.laionetPerClass} images minus that of ImageNet-Captions' training images${embedsHere ? ` (embedded with the configured CLIP; ${clip.reason})` : ' (precomputed embeddings)'}, against each model's LAIONet recall (${lnet.branch})`,
    tier === 'fixture' ? 'set models.clip to a local Xenova/clip-vit-base-patch32 folder, or precomputed real embeddings of both sides' : null,
    [...new Set([...laionetSide, s.imagenetCaptions!, ...captionsSide, ...(embedsHere ? [config.models.clip] : []), ...lnet.source])])
}

/** Parts that more than one experiment reads: listed once by `laionet config`, in each reader's sources. */
const SHARED_PARTS: Record<string, readonly ExperimentName[]> = { 'laionet-labels': ['accuracy', 'intra-class', 'imagenetv2'] }

/** The choices of one experiment (see {@link resolveSources}), with the shared parts it reads. */
export function experimentSources(config: LaionetConfig, experiment: ExperimentName): SourceChoice[] {
  return resolveSources(config).filter((c) => c.experiment === experiment || SHARED_PARTS[c.part]?.includes(experiment))
}

/** The selection file of Fig. 9's LAION images, which `laionet download --input` takes (see sources.nearestLaionImages). */
export function nearestLaionSelection(config: LaionetConfig): string {
  return join(config.outDir, 'imagenet-captions', 'nearest-laion.parquet')
}

/**
 * Fig. 9's two parts: (a) each ImageNet-Captions caption's nearest LAION caption over every configured LAION caption,
 * (b) the selected LAION images against ImageNet-Captions' training images.
 */
function fig9Choices(config: LaionetConfig, clip: Pick<ClipResolution, 'tier' | 'reason'>, choice: (part: string, experiment: ExperimentName, paper: string, branch: string, tier: Tier, reason: string, upgrade: string | null, source?: string[]) => SourceChoice): SourceChoice[] {
  const s = config.sources
  const clipSource = [config.models.clip]
  const up = clip.tier === 'real' ? null : 'set models.clip to a local Xenova/clip-vit-base-patch32 folder, or models.allowRemoteModels to true with a network'
  const a = 'Fig. 9 a (nearest LAION caption)'
  const b = 'Fig. 9 b (selected LAION images vs ImageNet-Captions)'
  if (!s.imagenetCaptions) {
    return [
      choice('imagenet-captions-nearest', 'imagenet-captions', a, 'simulated', 'simulated', 'ImageNet-Captions is not configured: the nearest-caption selection runs in the causal world', 'set sources.imagenetCaptions'),
      choice('imagenet-captions-images', 'imagenet-captions', b, 'simulated', 'simulated', 'ImageNet-Captions is not configured: the selected images are compared in the causal world; the paper\'s 77.3% is quoted', 'set sources.imagenetCaptions, then sources.nearestLaionImages and sources.imagenetCaptionsImages'),
    ]
  }
  const laion = s.laionParquet.length > 0
  const nearest = choice('imagenet-captions-nearest', 'imagenet-captions', a, laion ? 'laion-parquet' : 'sample', clip.tier,
    `each caption of ${s.imagenetCaptions} against every caption of ${laion ? `the configured LAION parquet (${s.laionParquet.join(', ')})${config.limits.maxLaionRows ? `, first ${config.limits.maxLaionRows} rows` : ''}` : 'the real 10,000-row LAION-400M sample'} (exact search); ${clip.reason}`,
    laion ? up : 'set sources.laionParquet to the 32 LAION-400M parts (the paper searched all of them)', [s.imagenetCaptions, ...s.laionParquet, ...clipSource])
  const train = s.embeddings.imagenetCaptionsTrain
  const missing = [
    ...(s.nearestLaionImages ? [] : [`sources.nearestLaionImages (run the imagenet-captions experiment, then "laionet download --input ${nearestLaionSelection(config)}")`]),
    ...(train || s.imagenetCaptionsImages ? [] : ['sources.imagenetCaptionsImages (the ImageNet-Captions training images) or sources.embeddings.imagenetCaptionsTrain']),
  ]
  const images = missing.length
    ? choice('imagenet-captions-images', 'imagenet-captions', b, 'quoted', 'quoted', `the selected LAION images or ImageNet-Captions' training images are not configured: the paper's 77.3% is quoted (needs ${missing.join(' and ')})`, `set ${missing.join(' and ')}`)
    : choice('imagenet-captions-images', 'imagenet-captions', b, 'images', clip.tier,
      `the selected LAION images in ${s.nearestLaionImages} embedded with the configured CLIP, against ImageNet-Captions' training images (${train ? 'sources.embeddings.imagenetCaptionsTrain' : `${s.imagenetCaptionsImages}, embedded through the embedding cache`}); ${clip.reason}`,
      up, [s.nearestLaionImages!, ...(train ? [train.file, train.labels] : [s.imagenetCaptionsImages!]), ...clipSource])
  return [nearest, images]
}
