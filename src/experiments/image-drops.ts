import type { LaionetConfig } from '../config/types.js'
import type { ImageDropReason, ImageRule } from '../models/image-rule.js'
import type { Tier } from '../tier.js'
import { idPart, recorder } from './common.js'
import type { ExperimentRecord, ExperimentTable } from './types.js'

/** Where the images came from: downloaded (the authors ran verify_image on them) or a local folder (mode RGB only). */
export type ImageOrigin = 'download' | 'local'

/**
 * The decode rule an experiment applies to images of `origin` under the configuration: the authors' rule for that
 * origin, or ours (`convert`) when `methods.imageRule` asks for it.
 * @example imageRuleFor(config, 'download') // 'download' by default
 */
export function imageRuleFor(config: LaionetConfig, origin: ImageOrigin): ImageRule {
  return config.methods.imageRule === 'convert' ? 'convert' : origin
}

/** Images the rule dropped on one side, by reason. */
export type DropCounts = Record<ImageDropReason, number>

/** Counts the drops among per-image errors (errors without `dropped` are decode failures, counted elsewhere). */
export function countDrops(errors: readonly { dropped?: ImageDropReason }[]): DropCounts {
  const counts: DropCounts = { mode: 0, size: 0, verify: 0 }
  for (const e of errors) if (e.dropped) counts[e.dropped]++
  return counts
}

const REASONS: Record<ImageDropReason, string> = {
  mode: 'PIL mode not RGB (grayscale, CMYK, palette, alpha)',
  size: 'area below 10*10 pixels',
  verify: 'PIL image.verify() fails (PNG chunk CRC)',
}

/**
 * One record per reason (unit `images`, no paper value) for the images the authors' rule dropped on one side of an
 * experiment, ids `<experiment>.imagesDropped.<side>.<reason>`; under `convert` the records say none were dropped
 * and how many were converted instead.
 * @example dropRecords('accuracy', 'Fig. 1', 'LAIONet', countDrops(errors), { rule: 'download', tier: 'real', source })
 */
export function dropRecords(experiment: string, section: string, side: string, counts: DropCounts, o: { rule: ImageRule, tier: Tier, source: string[], of: number }): ExperimentRecord[] {
  const rec = recorder(experiment)
  const what = o.rule === 'download' ? "the authors' verify_image (downloaded images)" : o.rule === 'local' ? "the authors' local rule (PIL mode RGB only)" : 'nothing: methods.imageRule is convert (ours: non-RGB images converted and kept)'
  return (Object.keys(REASONS) as ImageDropReason[]).map((reason) => rec(`${experiment}.imagesDropped.${idPart(side)}.${reason}`, section, `${side} images dropped: ${REASONS[reason]}`, counts[reason], {
    unit: 'images', tier: o.tier, paper: null, source: o.source, note: `dropped by ${what}; of ${o.of} images read`,
  }))
}

/** What the rule dropped on one side of an experiment, among the `of` images read there. */
export interface DropSide { side: string, rule: ImageRule, counts: DropCounts, of: number }

/** A table of the drops of every side: one row per side and reason. */
export function dropTable(id: string, rows: DropSide[]): ExperimentTable {
  return {
    id, title: "Images dropped by the authors' image rule (left out, as the authors left them out)",
    rows: rows.flatMap((r) => (Object.keys(REASONS) as ImageDropReason[]).map((reason) => ({ side: r.side, rule: r.rule, reason: REASONS[reason], images: r.counts[reason], 'of images read': r.of }))),
  }
}
