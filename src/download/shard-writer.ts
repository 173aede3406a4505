import { rename, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createTarWriter, type TarWriter } from '../io/tar-writer.js'
import { tempPathFor } from '../io/write-atomic.js'
import { writeErrorFor } from '../io/output-lock.js'
import type { ShardStats } from './shard-stats.js'
import type { StatusLogWriter } from './status-log.js'
import type { StatusRecord } from './types.js'

/** One stored sample: the image and its json, under the same WebDataset key. */
export interface Sample {
  key: string
  row: number
  url: string
  image: Uint8Array
  extension: string
  json: Record<string, unknown>
}

/** Shard file name for a shard number: 00000.tar, 00001.tar, ... */
function shardName(n: number): string {
  return `${String(n).padStart(5, '0')}.tar`
}

/** WebDataset key of a row: zero-padded so keys sort in row order. */
export function sampleKey(row: number): string {
  return String(row).padStart(9, '0')
}

/** Lists finished shards (NNNNN.tar) of a folder, sorted. */
export async function listShards(out: string): Promise<string[]> {
  const names = await readdir(out).catch(() => [] as string[])
  return names.filter((n) => /^\d{5,}\.tar$/.test(n)).sort()
}

/**
 * Deletes unfinished shards (NNNNN.tar.<pid>.<random>.tmp, or .tar.tmp of older runs) of an interrupted run; their
 * samples were never recorded ok. Called under the folder's lock, so no other writer's shard is open.
 */
export async function removeUnfinishedShards(out: string): Promise<number> {
  const names = (await readdir(out).catch(() => [] as string[])).filter((n) => /^\d{5,}\.tar(\.\d+\.[a-z0-9]+)?\.tmp$/.test(n))
  await Promise.all(names.map((n) => rm(join(out, n), { force: true })))
  return names.length
}

/**
 * Writes samples into shards of `shardSize`, crash-safely: a shard is written as NNNNN.tar.<pid>.<random>.tmp, renamed to NNNNN.tar
 * when complete, and only then are its samples appended to the status log as ok. A run killed at any point leaves
 * either an unfinished .tmp shard (deleted and redone on resume) or a renamed shard whose status lines may be missing
 * (restored from the shard by recovery), never a sample in two shards.
 */
export class ShardWriter {
  private tar: TarWriter | undefined
  /** The open shard's temporary name: unique per process, so two writers can never share one. */
  private tmp = ''
  private pending: StatusRecord[] = []
  private chain: Promise<void> = Promise.resolve()
  private next: number
  /** Samples per shard finalised by this writer, in the order they were finalised. */
  readonly samplesPerShard = new Map<string, number>()
  /** Image bytes written. */
  bytes = 0
  /** Samples in finalised shards. */
  stored = 0

  /** `stats`, when given, counts each shard's rows and writes its NNNNN_stats.json when the shard is finalised. */
  constructor(private readonly out: string, private readonly log: StatusLogWriter, private readonly shardSize: number, firstShard: number, private readonly stats?: ShardStats) {
    this.next = firstShard
  }

  /** Shards finalised by this writer. */
  get finished(): string[] {
    return [...this.samplesPerShard.keys()]
  }

  /** Queues a sample; resolves once it is in the current shard (and that shard is finalised if it became full). */
  add(sample: Sample): Promise<void> {
    this.chain = this.chain.then(() => this.write(sample)).catch((err) => { throw this.named(err) })
    return this.chain
  }

  // A write error names the shard being written (ENOSPC's own message names no file).
  private named(err: unknown): unknown {
    const code = (err as NodeJS.ErrnoException)?.code
    return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? writeErrorFor('download', this.tmp || join(this.out, shardName(this.next)), err) : err
  }

  private async write(sample: Sample): Promise<void> {
    if (!this.tar) {
      this.tmp = tempPathFor(join(this.out, shardName(this.next)))
      this.tar = await createTarWriter(this.tmp)
    }
    await this.tar.add(`${sample.key}.${sample.extension}`, sample.image)
    await this.tar.add(`${sample.key}.json`, Buffer.from(JSON.stringify(sample.json)))
    this.bytes += sample.image.length
    this.stats?.ok(sample.image.length)
    this.pending.push({ row: sample.row, url: sample.url, status: 'ok', shard: shardName(this.next), key: sample.key })
    if (this.pending.length >= this.shardSize) await this.finalize()
  }

  private async finalize(): Promise<void> {
    if (!this.tar) {
      // A last window where every row failed: its stats still take a shard number of their own (with no tar beside).
      if (this.stats?.pending) await this.stats.write(shardName(this.next++))
      return
    }
    const name = shardName(this.next)
    await this.tar.close()
    this.tar = undefined
    await rename(this.tmp, join(this.out, name))
    await this.log.append(this.pending)
    await this.stats?.write(name)
    this.stored += this.pending.length
    this.samplesPerShard.set(name, this.pending.length)
    this.pending = []
    this.next++
  }

  /** Finalises the last, partly filled shard. */
  finish(): Promise<void> {
    this.chain = this.chain.then(() => this.finalize()).catch((err) => { throw this.named(err) })
    return this.chain
  }

  /** Stops without finalising: the open shard stays a .tmp file whose samples the next run redoes. */
  abandon(): Promise<void> {
    this.chain = this.chain.then(async () => {
      await this.tar?.abandon()
      this.tar = undefined
      this.pending = []
    }, () => undefined)
    return this.chain
  }
}
