import { accessSync, constants, existsSync, linkSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { hostname } from 'node:os'
import { LaionetError } from '../util/errors.js'
import { tempPathFor } from './write-atomic.js'

// Outputs written over time (a download folder, a build folder, match's and ocr-filter's output files) have one
// writer at a time. Two runs into one folder each believed their own view of what was stored: rows recorded `ok` in
// no shard, others stored twice, and a rerun that skips them forever. The lock is a file created exclusively, holding
// the writer's pid; a lock whose pid no longer runs (a run killed with -9) is taken over, with a message.

/** The lock file's name inside an output folder. */
export const OUTPUT_LOCK = 'laionet.lock'
/** What a file output's lock adds to its name: `<file>.lock`. */
export const OUTPUT_LOCK_SUFFIX = '.lock'

/** The lock held on one output; release it when the writing ends (also after an error). */
export interface OutputLock {
  /** The lock file. */
  readonly file: string
  /** Removes the lock file, if it is still this lock's. */
  release(): void
}

/** What a lock file holds. */
interface LockRecord {
  pid: number
  host: string
  command: string
  started: string
  token: string
}

/** Options of {@link lockOutput}. */
export interface LockOutputOptions {
  /** Told when a stale lock (of a process that no longer runs) is taken over. */
  onWarning?: (message: string) => void
}

/**
 * Creates an output folder (and its parents), or raises an error naming it and the real cause: on a read-only file
 * system Node's recursive mkdir reports ENOENT ("no such file or directory"), which sends a user looking for a typo.
 * @param dir the folder
 * @param command the module (message prefix)
 * @example makeOutputFolder('out/laionet', 'build')
 */
export function makeOutputFolder(dir: string, command: string): void {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (err) {
    let parent = resolve(dir)
    while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent)
    let why = (err as NodeJS.ErrnoException).code ?? (err as Error).message
    try {
      accessSync(parent, constants.W_OK)
    } catch (access) {
      const code = (access as NodeJS.ErrnoException).code
      why = code === 'EROFS' ? `${parent} is on a read-only file system (EROFS)` : code === 'EACCES' ? `${parent} is not writable (EACCES)` : why
    }
    throw new LaionetError(command, `cannot create the output folder ${dir}: ${why}`, { code: 'failed', cause: err, fix: 'Pass an output folder on a writable file system' })
  }
}

/**
 * Returns the error for a failed write of `file` that names it and the cause in words: Node's own ENOSPC message
 * ("no space left on device, write") names no file.
 * @param command the module (message prefix)
 * @param file the file being written
 * @param err what the write raised
 * @example catch (err) { throw writeErrorFor('build', file, err) }
 */
export function writeErrorFor(command: string, file: string, err: unknown): LaionetError {
  const code = (err as NodeJS.ErrnoException)?.code
  const why = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full'
    : code === 'EROFS' ? 'the file system is read-only'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
        : code === 'ENOENT' ? 'its folder does not exist'
          : (err as Error)?.message ?? String(err)
  return new LaionetError(command, `cannot write ${file} (${why}${code ? `, ${code}` : ''})`, { code: 'failed', cause: err, fix: 'Free some space or pass an output on a writable file system, then rerun the same command: what was committed is kept' })
}

/**
 * Runs `write` holding the lock of an output (see lockOutput below), and releases it however `write` ends.
 * @param lockFile the lock file (its folder exists): `<folder>/laionet.lock` or `<file>.lock`
 * @param command the module writing (message prefix), e.g. 'download'
 * @param write the writing
 * @param options onWarning (a stale lock taken over)
 * @returns what `write` returns
 * @example await withOutputLock(join(out, OUTPUT_LOCK), 'download', () => downloadInto(out))
 */
export async function withOutputLock<T>(lockFile: string, command: string, write: () => Promise<T>, options: LockOutputOptions = {}): Promise<T> {
  const lock = lockOutput(lockFile, command, options)
  try {
    return await write()
  } finally {
    lock.release()
  }
}

/**
 * Takes the lock of an output (`lockFile`, e.g. `<folder>/laionet.lock` or `<file>.lock`) for `command`: a second
 * writer, in this process or another, is refused naming the holder's pid; a lock left by a process that no longer
 * runs on this host is taken over with a warning.
 * @param lockFile the lock file (its folder exists)
 * @param command the module writing (message prefix), e.g. 'download'
 * @param options onWarning
 * @returns the lock; call `release()` when done
 */
function lockOutput(lockFile: string, command: string, { onWarning }: LockOutputOptions = {}): OutputLock {
  const token = `${process.pid}.${Math.random().toString(36).slice(2)}`
  const record: LockRecord = { pid: process.pid, host: hostname(), command, started: new Date().toISOString(), token }
  // The record is written to a temporary file first and linked into place (atomic, fails when the lock exists), so a
  // lock file is never seen empty or half written. Two tries: a stale lock is removed once, then linked again.
  const tmp = tempPathFor(lockFile)
  try {
    writeFileSync(tmp, JSON.stringify(record) + '\n', { flag: 'wx' })
  } catch (err) {
    throw new LaionetError(command, `cannot create the lock ${lockFile} (${(err as Error).message})`, { code: 'failed', cause: err, fix: 'Check that the output folder exists and is writable' })
  }
  let locked = false
  try {
    for (let attempt = 0; attempt < 2 && !locked; attempt++) {
      try {
        linkSync(tmp, lockFile)
        locked = true
        break
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new LaionetError(command, `cannot create the lock ${lockFile} (${(err as Error).message})`, { code: 'failed', cause: err, fix: 'Check that the output folder is writable' })
        }
      }
      const holder = readLock(lockFile)
      if (holder && isRunning(holder)) {
        const where = holder.host === record.host ? '' : ` on ${holder.host}`
        throw new LaionetError(command, `${lockFile} shows that another laionet process (pid ${holder.pid}${where}, ${holder.command} since ${holder.started}) is writing this output; two writers would lose rows`, {
          code: 'failed', value: holder.pid,
          fix: `Wait for it to finish or stop it, or pass another output; if no such process runs, delete ${lockFile}`,
        })
      }
      onWarning?.(`${command}: took over the stale lock ${lockFile} of ${holder ? `pid ${holder.pid}, which no longer runs` : 'an unreadable lock file'}`)
      try { unlinkSync(lockFile) } catch { /* another process removed it first */ }
    }
  } finally {
    rmSync(tmp, { force: true })
  }
  if (!locked) throw new LaionetError(command, `another process took the lock ${lockFile} while this one replaced a stale lock`, { code: 'failed', fix: 'Only one writer at a time: wait for it, or pass another output' })
  return {
    file: lockFile,
    release() {
      // Never remove a lock another process took over (it found ours stale).
      if (readLock(lockFile)?.token === token) {
        try { unlinkSync(lockFile) } catch { /* already gone */ }
      }
    },
  }
}

function readLock(file: string): LockRecord | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as LockRecord
    return Number.isInteger(value?.pid) && value.pid > 0 ? value : null
  } catch {
    return null
  }
}

// A lock of another host cannot be checked: it is taken as running. On this host, signal 0 tests the pid.
function isRunning(holder: LockRecord): boolean {
  if (holder.host !== hostname()) return true
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
