import type { ClipResolution } from './resolve-clip.js'
import { resolveSources } from './resolve-sources.js'
import type { ExperimentTier, LaionetConfig } from './types.js'


/**
 * Tells, for every part of every experiment of the paper, which tier its results will come from under `config`
 * (real > released > simulated > fixture > quoted), why, what it reads, and what to configure for a stronger one.
 * Derived from {@link resolveSources}, the resolution the experiments themselves run (src/experiments), so it
 * cannot promise what an experiment will not do. `clip`: the CLIP decision (default: the one `resolveClip` made). A notebook prints this table so every number is read with its
 * provenance.
 * @returns one entry per part, in paper order
 * @example describeTiers(await loadConfig()).find((e) => e.experiment === 'intra-class')?.tier // 'simulated'
 */
export function describeTiers(config: LaionetConfig, clip?: Pick<ClipResolution, 'tier' | 'reason'>): ExperimentTier[] {
  return resolveSources(config, clip).map((c) => ({ experiment: c.part, runner: c.experiment, paper: c.paper, tier: c.tier, reason: c.reason, upgrade: c.upgrade, source: c.source }))
}

/**
 * Formats {@link describeTiers} as an aligned text table (experiment, tier, paper, reason), for a notebook cell or
 * `laionet config`.
 * @example console.log(formatTiers(describeTiers(config)))
 */
export function formatTiers(tiers: readonly ExperimentTier[]): string {
  const w = Math.max(...tiers.map((t) => t.experiment.length))
  const pad = ' '.repeat(w + 13)
  return tiers.map((t) => `${t.experiment.padEnd(w)}  ${t.tier.padEnd(9)}  ${t.paper}\n${pad}${t.reason}` +
    `${t.source.length ? `\n${pad}reads: ${t.source.join(', ')}` : ''}${t.upgrade ? `\n${pad}stronger: ${t.upgrade}` : ''}`).join('\n') + '\n'
}
