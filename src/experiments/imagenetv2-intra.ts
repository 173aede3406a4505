import { imageNetV2Sources, type SourceChoice } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { imageNetV2Folders } from '../datasets/imagenetv2-folders.js'
import { imageNetValFolder } from '../datasets/imagenet-val-folder.js'
import { loadLaionetLabels } from '../datasets/laionet-labels.js'
import type { StatsByClass } from '../metrics/compare.js'
import { intraClassByLabelAsync } from '../metrics/intra-class-by-label.js'
import { compareFig7 } from '../metrics/imagenetv2-compare.js'
import type { IntraClassStats } from '../metrics/types.js'
import { paperValue } from '../paper/registry.js'
import { fig7Panels } from '../plots/figures/fig7-panels.js'
import type { PlotlyFigure } from '../plots/types.js'
import type { Tier } from '../tier.js'
import { pct, recorder } from './common.js'
import { embedImageSet, embedLaionetImages, type EmbeddedSet } from './embed-sets.js'
import { imageRuleFor, type DropSide } from './image-drops.js'
import { V2_SETS } from './imagenetv2-accuracy.js'
import { labelledSet, type LabelledSet } from './intra-class-source.js'
import { loadConfiguredClip } from './text-filter-model.js'
import type { ExperimentRecord } from './types.js'

const rec = recorder('imagenetv2')

/** One side of Fig. 7's comparisons: its per-class statistics, where they came from and their tier. */
interface Side { name: string, stats: Map<string, IntraClassStats>, source: string[], tier: Tier, images: number }

/** The weaker of two tiers for a comparison: through the tiny CLIP, either side makes it fixture. */
const weaker = (a: Tier, b: Tier): Tier => (a === 'fixture' || b === 'fixture' ? 'fixture' : a === 'real' ? b : a)

const meanOver = (stats: StatsByClass, keys: readonly string[] | null): number => {
  const m = stats instanceof Map ? stats : new Map(Object.entries(stats))
  const xs = (keys ?? [...m.keys()]).map((k) => m.get(k)?.mean ?? NaN).filter(Number.isFinite)
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
}

/** What the image rule dropped on one embedded side, with that side's tier and sources (for its records). */
export interface SideDrops { side: DropSide, tier: Tier, source: string[] }

type Model = Awaited<ReturnType<typeof loadConfiguredClip>>

/**
 * LAIONet (first `limits.laionetPerClass` per class), ImageNet validation and the configured V2 sets, as sides; the
 * image folders embedded under the authors' local rule (mode RGB), the LAIONet download under their verify_image, and
 * what each dropped in `drops`.
 */
async function sides(config: LaionetConfig, model: Model | null, onProgress?: (message: string) => void) {
  const emb = config.sources.embeddings
  const onError = (file: string, error: string) => onProgress?.(`imagenetv2: skipped ${file}: ${error}`)
  const drops: SideDrops[] = []
  const side = async (name: string, set: LabelledSet | EmbeddedSet, source: string[], tier: Tier, maxPerClass = Infinity): Promise<Side> => {
    if ('drops' in set) drops.push({ side: { side: `${name} (CLIP)`, ...set.drops }, tier, source })
    return { name, stats: await intraClassByLabelAsync(set.X, set.labels, set.d, { maxPerClass }), source, tier, images: set.labels.length }
  }
  const local = { onError, imageRule: imageRuleFor(config, 'local') }
  const laionet = emb.laionet ? await side('LAIONet', await labelledSet('LAIONet', emb.laionet.file, emb.laionet.labels), [emb.laionet.file, emb.laionet.labels], 'real', config.limits.laionetPerClass)
    : config.sources.laionetImages && model ? await side('LAIONet', await embedLaionetImages(model.clip, config, onError), [config.sources.laionetImages, model.spec], model.tier, config.limits.laionetPerClass) : null
  const { folder, devkit } = config.sources.imagenetVal
  const reference = emb.imagenetVal ? await side('ImageNet validation', await labelledSet('ImageNet validation', emb.imagenetVal.file, emb.imagenetVal.labels), [emb.imagenetVal.file, emb.imagenetVal.labels], 'real')
    : folder && model ? await side('ImageNet validation', await embedImageSet(model.clip, 'ImageNet validation', await imageNetValFolder(folder, { devkit: devkit ?? undefined }), local), [folder, ...(devkit ? [devkit] : []), model.spec], model.tier) : null
  const versions: (Side & { key: keyof typeof V2_SETS })[] = []
  for (const s of imageNetV2Sources(config)) {
    const meta = V2_SETS[s.key]
    const e = emb[s.embeddings]
    if (e) versions.push({ key: s.key, ...await side(meta.name, await labelledSet(meta.name, e.file, e.labels), [e.file, e.labels], 'real') })
    else if (s.folder && model) versions.push({ key: s.key, ...await side(meta.name, await embedImageSet(model.clip, meta.name, await imageNetV2Folders(s.folder), local), [s.folder, model.spec], model.tier) })
  }
  return { laionet, reference, versions, drops }
}

/**
 * Fig. 7's intra-class part on real data: each configured ImageNetV2 set's mean intra-class similarity, and on one
 * class set ({@link compareFig7}) the share of classes where LAIONet, and where ImageNet validation, is significantly
 * less / more similar than each set (the authors' per-class test). Embeddings from `sources.embeddings`, else CLIP
 * image embeddings of the configured images (tier `fixture` through the tiny CLIP).
 */
export async function v2IntraClass(config: LaionetConfig, intra: SourceChoice, labels: SourceChoice, onProgress?: (message: string) => void): Promise<{ records: ExperimentRecord[], figures: { id: string, figure: PlotlyFigure }[], drops: SideDrops[] }> {
  const emb = config.sources.embeddings
  const needClip = imageNetV2Sources(config).some((s) => !emb[s.embeddings] && s.folder) || (!emb.laionet && config.sources.laionetImages) || (!emb.imagenetVal && config.sources.imagenetVal.folder)
  const model = needClip ? await loadConfiguredClip(config) : null
  try {
    const { laionet, reference, versions, drops } = await sides(config, model, onProgress)
    const labelFile = labels.branch === 'label-file' ? labels.source[0] : null
    const listed = labelFile ? new Set([...(await loadLaionetLabels(labelFile))].filter(([, rows]) => rows.length > 0).map(([w]) => w)) : null
    const cmp = laionet && versions.length ? compareFig7(laionet.stats, versions.map((v) => ({ name: v.name, selectionFrequency: V2_SETS[v.key].selectionFrequency, stats: v.stats })), reference?.stats ?? null, { laionetClasses: listed }) : null
    const classes = cmp?.classes ?? null
    const setNote = cmp ? `${cmp.classes.length} classes: ${listed ? 'listed in sources.laionetLabels, ' : ''}>= 7 pairs in LAIONet, every configured ImageNetV2 set${reference ? ' and ImageNet validation' : ''} (one class set for all panels)` : 'all classes with a pair (no LAIONet side to share a class set with)'
    const records: ExperimentRecord[] = []
    for (const v of versions) {
      records.push(rec(`fig7.meanIntraClass.${v.key}`, 'Fig. 7', `mean intra-class similarity of ${v.name}`, meanOver(v.stats, classes), { tier: v.tier, source: v.source, note: `${v.images} images; ${setNote}` }))
    }
    if (!cmp || !laionet) return { records, figures: [], drops }
    const extra = labelFile ? [labelFile] : []
    records.push(rec('fig7.comparedClasses', 'Fig. 7', 'classes compared in every Fig. 7 panel', cmp.classes.length, { unit: 'classes', tier: versions.reduce((t, v) => weaker(t, v.tier), weaker(laionet.tier, reference?.tier ?? 'real')), source: [...new Set([...laionet.source, ...versions.flatMap((v) => v.source), ...(reference?.source ?? []), ...extra])], note: setNote }))
    const none = cmp.classes.length === 0
    for (const c of cmp.versions) {
      const v = versions.find((x) => x.name === c.name)!
      const matched = v.key === 'matchedFrequency'
      const both = { source: [...new Set([...v.source, ...laionet.source, ...extra])], ...(none ? { tier: 'quoted' as const, note: 'no class has >= 7 pairs in every set, so no share' } : { tier: weaker(v.tier, laionet.tier), note: setNote }) }
      records.push(
        rec(matched ? 'fig7.matchedLowerShare' : `fig7.lowerShare.${v.key}`, 'Fig. 7', `classes where LAIONet is significantly less similar than ${c.name} (paper's test)`, none ? null : pct(c.laionet.paper.lowerShare), { unit: '%', paper: matched ? paperValue('fig7.matchedLowerShare') : null, ...both }),
        rec(matched ? 'fig7.matchedHigherShare' : `fig7.higherShare.${v.key}`, 'Fig. 7', `classes where LAIONet is significantly more similar than ${c.name} (paper's test)`, none ? null : pct(c.laionet.paper.higherShare), { unit: '%', paper: matched ? paperValue('fig7.matchedHigherShare') : null, ...both }),
      )
      if (c.imagenet && reference) {
        const r = { source: [...new Set([...v.source, ...reference.source, ...extra])], ...(none ? { tier: 'quoted' as const, note: both.note } : { tier: weaker(v.tier, reference.tier), note: setNote }) }
        records.push(
          rec(`fig7.imagenetLowerShare.${v.key}`, 'Fig. 7', `classes where ImageNet validation is significantly less similar than ${c.name} (paper's test)`, none ? null : pct(c.imagenet.paper.lowerShare), { unit: '%', paper: null, ...r }),
          rec(`fig7.imagenetHigherShare.${v.key}`, 'Fig. 7', `classes where ImageNet validation is significantly more similar than ${c.name} (paper's test)`, none ? null : pct(c.imagenet.paper.higherShare), { unit: '%', paper: null, ...r }),
        )
      }
    }
    if (none) return { records, figures: [], drops }
    const tier = records.find((x) => x.id === 'fig7.comparedClasses')!.tier
    const figure = fig7Panels({
      tier, note: `${intra.reason}; ${setNote}`,
      matchedFrequency: cmp.versions.some((c) => c.name === 'MatchedFrequency') ? 'MatchedFrequency' : undefined,
      versions: cmp.versions.map((c) => ({ name: c.name, selectionFrequency: c.selectionFrequency, laionet: { lower: c.laionet.paper.lowerShare, higher: c.laionet.paper.higherShare }, ...(c.imagenet ? { imagenet: { lower: c.imagenet.paper.lowerShare, higher: c.imagenet.paper.higherShare } } : {}) })),
    })
    return { records, figures: [{ id: 'fig7-imagenetv2', figure }], drops }
  } finally {
    await model?.clip.dispose()
  }
}
