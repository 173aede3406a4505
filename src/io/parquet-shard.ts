// Splitting a job over machines by parquet part and row group (`--shard i/n` of build and download).

/**
 * One part of a job split over machines (`--shard i/n`): the work units, numbered over all input files in order (each
 * row group of each readable parquet file, in file and row-group order), go round-robin to the shards: unit u belongs
 * to shard u mod n. Shards count from 0, as a scheduler's array index does (Slurm's SLURM_ARRAY_TASK_ID,
 * Kubernetes' JOB_COMPLETION_INDEX).
 */
export interface Shard {
  /** This shard, from 0. */
  index: number
  /** Shards in all, at least 1. */
  count: number
}

/**
 * Parses `i/n` (0 <= i < n).
 * @param text the flag's value
 * @param flag the flag's name, for the message
 * @example parseShard('2/3') // { index: 2, count: 3 }
 */
export function parseShard(text: string, flag = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = m ? Number(m[1]) : NaN
  const count = m ? Number(m[2]) : NaN
  if (!m || !(count >= 1) || !(index < count)) {
    throw new Error(`${flag}: "${text}" is not a shard (expected i/n with 0 <= i < n, e.g. 0/3, 1/3 and 2/3 for three machines)`)
  }
  return { index, count }
}

/** True when work unit `unit` (from 0) belongs to `shard`; every unit does without a shard. */
export function inShard(unit: number, shard: Shard | undefined): boolean {
  return !shard || unit % shard.count === shard.index
}

/** `i/n`. */
export function shardName(shard: Shard): string {
  return `${shard.index}/${shard.count}`
}

