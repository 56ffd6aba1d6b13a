// gc() of the fs handler: one scan of the directory (header and metadata of each entry file, 32 at a
// time) that removes entries past their expire window, corrupt files and temp files whose writer is
// gone, tells the byte budget what is on disk, and drops tag records nothing can match any more.
import { createHash } from 'node:crypto'
import { open, readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { ageFreshness } from '../freshness.js'
import type { CacheEntry, Clock, Logger } from '../types.js'
import type { DiskBudget, DiskItem } from './fs-budget.js'
import {
  CorruptEntryError,
  decodeHeader,
  decodeMetadata,
  type EntryMetadata,
  HEADER_BYTES,
} from './fs-format.js'
import type { TagStore } from './fs-tags.js'

export const ENTRY_SUFFIX = '.entry'
/** An entry's file name: sha256 of its key (no path traversal from keys). */
export const entryFileName = (key: string) =>
  `${createHash('sha256').update(key).digest('hex')}${ENTRY_SUFFIX}`
export const TEMP_SUFFIX = '.tmp'
/** Files unlinked at once (eviction). */
export const GC_CONCURRENCY = 32
/**
 * Files read at once by a scan: each read is five trips to libuv's thread pool (4 threads), which
 * the requests' own cache reads and writes share; 32 at once queued every request's I/O behind the
 * scan for its whole length (seconds for 100,000 files).
 */
export const SCAN_CONCURRENCY = 4
/** A temp file older than this belongs to a writer that died. */
const ABANDONED_TEMP_MS = 10 * 60_000
/** Tag records are kept at least this long after their invalidation, even with no older entry. */
const TAG_GRACE_MS = 60 * 60_000

export interface GcResult {
  kept: number
  removed: number
}

export interface GcContext {
  dir: string
  clock: Clock
  logger: Logger
  defaultExpire: number
  tags: TagStore
  budget: DiskBudget | undefined
  expiresAt(meta: Omit<CacheEntry, 'body'>): number
  /** Keys nothing will read again (FsHandlerOptions.obsolete): their files are removed. */
  obsolete?: (key: string) => boolean
  /** Files the budget's index knows are not read again (FsHandlerOptions.soleWriter). */
  trustIndex?: boolean
}

const yes = () => true
const no = () => false
const ignoreMissing = (error: unknown) => {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
}

export async function collectGarbage(ctx: GcContext): Promise<GcResult> {
  const { dir, logger, defaultExpire, tags, budget, expiresAt, obsolete } = ctx
  const now = ctx.clock.now()
  let removed = 0
  let obsoleteCount = 0
  let oldest = Number.POSITIVE_INFINITY
  const kept = new Map<string, DiskItem & { mtimeMs: number }>()
  const gone: string[] = []
  const examine = async (name: string): Promise<void> => {
    const file = join(dir, name)
    if (name.endsWith(TEMP_SUFFIX)) {
      if ((await abandonedTemp(file, name, now)) && (await unlink(file).then(yes, no))) removed++
      return
    }
    if (!name.endsWith(ENTRY_SUFFIX)) return
    const item = ctx.trustIndex ? budget?.indexed(name) : undefined
    if (item !== undefined) {
      // Written or scanned by this process: the index knows what reading the file would tell.
      if (item.expiresAt <= now) {
        gone.push(name)
        if (await unlink(file).then(yes, no)) removed++
      } else {
        kept.set(name, { ...item, mtimeMs: 0 })
        oldest = Math.min(oldest, item.lastModified)
      }
      return
    }
    const live = await readLiveEntry(file, now, defaultExpire, expiresAt)
    if (live === null) return
    const isObsolete = live !== undefined && obsolete?.(live.key) === true
    if (isObsolete) obsoleteCount++
    if (live === undefined || isObsolete) {
      gone.push(name)
      await unlink(file).catch(ignoreMissing)
      removed++
    } else {
      kept.set(name, live)
      oldest = Math.min(oldest, live.lastModified)
    }
  }
  const names = await readdir(dir)
  for (let i = 0; i < names.length; i += SCAN_CONCURRENCY)
    await Promise.all(names.slice(i, i + SCAN_CONCURRENCY).map(examine))
  budget?.scanned(kept, gone)
  // A tag record matters only to entries generated at or before it (see freshness.ts).
  await tags.compact((state) => (state.stale ?? 0) < oldest && (state.stale ?? 0) < now - TAG_GRACE_MS)
  if (logger.debugEnabled !== false)
    logger.debug(
      `GC ${dir}: kept ${kept.size}, removed ${removed}${obsoleteCount > 0 ? ` (${obsoleteCount} obsolete: keys nothing reads any more)` : ''}`,
    )
  return { kept: kept.size, removed }
}

/**
 * A temp file whose writer is gone: older than ABANDONED_TEMP_MS, or named after a process
 * (`<file>.<pid>.<n>.tmp`) that no longer runs (a `kill -9` of the previous server).
 */
async function abandonedTemp(file: string, name: string, now: number): Promise<boolean> {
  const info = await stat(file).catch(() => undefined)
  if (info === undefined) return false
  if (now - info.mtimeMs > ABANDONED_TEMP_MS) return true
  const pid = Number(name.split('.').at(-3))
  return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !processRuns(pid)
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // it runs, as another user
  }
}

/**
 * An entry file's metadata, size and mtime from its header and metadata only (never the body);
 * undefined = corrupt or incomplete, null = gone.
 */
export async function readEntryHead(
  file: string,
): Promise<{ meta: EntryMetadata; bytes: number; mtimeMs: number } | undefined | null> {
  const handle = await open(file, 'r').catch(() => null)
  if (handle === null) return null
  try {
    const head = new Uint8Array(HEADER_BYTES)
    await handle.read(head, 0, HEADER_BYTES, 0)
    const header = decodeHeader(head)
    const info = await handle.stat()
    if (info.size !== header.total) return undefined
    const metaBytes = new Uint8Array(header.metaBytes)
    await handle.read(metaBytes, 0, header.metaBytes, HEADER_BYTES)
    return { meta: decodeMetadata(metaBytes), bytes: header.total, mtimeMs: info.mtimeMs }
  } catch (error) {
    if (error instanceof CorruptEntryError) return undefined
    throw error
  } finally {
    await handle.close()
  }
}

/** A live entry file's size, expiry and times (header and metadata only); undefined = remove it, null = gone. */
async function readLiveEntry(
  file: string,
  now: number,
  defaultExpire: number,
  expiresAt: (meta: Omit<CacheEntry, 'body'>) => number,
): Promise<(DiskItem & { mtimeMs: number; lastModified: number; key: string }) | undefined | null> {
  const head = await readEntryHead(file)
  if (!head) return head
  const { meta } = head
  if (ageFreshness({ ...meta, body: new Uint8Array(0) }, now, defaultExpire) === 'expired') return undefined
  return {
    bytes: head.bytes,
    expiresAt: expiresAt(meta),
    mtimeMs: head.mtimeMs,
    lastModified: meta.lastModified,
    key: meta.key,
  }
}
