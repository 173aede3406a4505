/**
 * Where a result came from. Every table, figure and report line carries one.
 * - `real`: computed here from real data;
 * - `released`: computed here from the authors' or ImageNetV2's released per-image results;
 * - `simulated`: the causal world of src/simulate;
 * - `fixture`: tiny random models: proves the plumbing, the numbers mean nothing;
 * - `quoted`: the paper's number, not recomputed.
 */
export type Tier = 'real' | 'released' | 'simulated' | 'fixture' | 'quoted'

/** All tiers, strongest evidence first. */
export const TIERS: readonly Tier[] = ['real', 'released', 'simulated', 'fixture', 'quoted']

/** True when `value` is one of the {@link TIERS}. */
export function isTier(value: unknown): value is Tier {
  return (TIERS as readonly unknown[]).includes(value)
}
