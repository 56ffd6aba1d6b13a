// Entries as files in one directory. Key → sha256 file name (no path traversal from keys);
// temp file + rename (a killed writer leaves the previous entry readable); corrupt files are a miss
// and are removed; tag state persisted (fs-tags.ts) and reloaded by ready(); GC by expire window.
import { createHash } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { systemClock } from '../clock.js'
import { ageFreshness, DEFAULT_EXPIRE } from '../freshness.js'
import { consoleLogger } from '../logger.js'
import type { CacheHandler, Clock, Logger } from '../types.js'
import { validateEntry } from '../validate.js'
import {
  CorruptEntryError,
  decodeEntry,
  decodeHeader,
  decodeMetadata,
  encodeEntry,
  HEADER_BYTES,
} from './fs-format.js'
import { createTagStore } from './fs-tags.js'

export interface FsHandlerOptions {
  /** The directory (created if missing). One process writes it at a time; use Redis for clusters. */
  dir: string
  clock?: Clock
  logger?: Logger
  /** Expire window in seconds for entries without one (GC). Default one year. */
  defaultExpire?: number
  /** fsync each entry before publishing it (survives power loss, slower). Default false. */
  fsync?: boolean
}

export interface GcResult {
  kept: number
  removed: number
}

export interface FsHandler extends CacheHandler {
  readonly dir: string
  ready(): Promise<void>
  /** Remove expired and corrupt entries, abandoned temp files and tag records nothing can match. */
  gc(): Promise<GcResult>
  /** The file that holds `key`. */
  fileFor(key: string): string
}

const ENTRY_SUFFIX = '.entry'
const TEMP_SUFFIX = '.tmp'
/** A temp file older than this belongs to a writer that died. */
const ABANDONED_TEMP_MS = 10 * 60_000
/** Tag records are kept at least this long after their invalidation, even with no older entry. */
const TAG_GRACE_MS = 60 * 60_000

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT'
const ignoreMissing = (error: unknown) => {
  if (!isMissing(error)) throw error
}

export function createFsHandler(options: FsHandlerOptions): FsHandler {
  const { dir } = options
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? consoleLogger
  const debug = logger.debugEnabled !== false
  const defaultExpire = options.defaultExpire ?? DEFAULT_EXPIRE
  const tags = createTagStore(dir, logger)
  let tempCounter = 0
  let loaded = false
  const loading = mkdir(dir, { recursive: true })
    .then(() => tags.load())
    .then(() => {
      loaded = true
    })
  loading.catch(() => {}) // surfaced through ready() and every call

  const fileFor = (key: string) =>
    join(dir, `${createHash('sha256').update(key).digest('hex')}${ENTRY_SUFFIX}`)

  async function discard(file: string, why: string): Promise<void> {
    logger.warn(`removed cache file ${file}: ${why}`)
    await unlink(file).catch(ignoreMissing)
  }

  return {
    name: 'fs',
    dir,
    fileFor,
    ready: () => loading,
    async get(key) {
      if (!loaded) await loading
      const file = fileFor(key)
      let bytes: Uint8Array
      try {
        bytes = await readFile(file)
      } catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
      try {
        const decoded = decodeEntry(bytes)
        if (decoded.key !== key) return undefined // a sha256 collision: treat as a miss, leave it
        if (ageFreshness(decoded.entry, clock.now(), defaultExpire) === 'expired') {
          await unlink(file).catch(ignoreMissing)
          if (debug) logger.debug(`EVICT ${key} (past its expire window)`)
          return undefined
        }
        return decoded.entry
      } catch (error) {
        if (!(error instanceof CorruptEntryError)) throw error
        await discard(file, `${error.message} (key ${key})`)
        return undefined
      }
    },
    async set(key, entry) {
      validateEntry(key, entry)
      if (!loaded) await loading
      const file = fileFor(key)
      const temp = `${file}.${process.pid}.${tempCounter++}${TEMP_SUFFIX}`
      const parts = encodeEntry(key, entry)
      const total = parts.reduce((sum, part) => sum + part.byteLength, 0)
      try {
        const handle = await open(temp, 'wx')
        try {
          const { bytesWritten } = await handle.writev(parts)
          if (bytesWritten !== total)
            throw new Error(`short write to ${temp}: ${bytesWritten} of ${total} bytes`)
          if (options.fsync) await handle.sync()
        } finally {
          await handle.close()
        }
        await rename(temp, file)
      } catch (error) {
        await unlink(temp).catch(() => {})
        throw error
      }
    },
    async delete(key) {
      await unlink(fileFor(key)).catch(ignoreMissing)
    },
    async updateTags(list, updateOptions) {
      if (!loaded) await loading
      await tags.update(list, clock.now(), updateOptions)
    },
    getTagState: (tag) => tags.states.get(tag),
    async gc() {
      if (!loaded) await loading
      const now = clock.now()
      let kept = 0
      let removed = 0
      let oldest = Number.POSITIVE_INFINITY
      for (const name of await readdir(dir)) {
        const file = join(dir, name)
        if (name.endsWith(TEMP_SUFFIX)) {
          const info = await stat(file).catch(() => undefined)
          if (
            info &&
            now - info.mtimeMs > ABANDONED_TEMP_MS &&
            (await unlink(file).then(
              () => true,
              () => false,
            ))
          )
            removed++
          continue
        }
        if (!name.endsWith(ENTRY_SUFFIX)) continue
        const lastModified = await readLiveLastModified(file, now, defaultExpire)
        if (lastModified === null) continue
        if (lastModified === undefined) {
          await unlink(file).catch(ignoreMissing)
          removed++
        } else {
          kept++
          oldest = Math.min(oldest, lastModified)
        }
      }
      // A tag record matters only to entries generated at or before it (see freshness.ts).
      await tags.compact((state) => (state.stale ?? 0) < oldest && (state.stale ?? 0) < now - TAG_GRACE_MS)
      if (debug) logger.debug(`GC ${dir}: kept ${kept}, removed ${removed}`)
      return { kept, removed }
    },
  }
}

/** lastModified of a live entry file (header and metadata only); undefined = remove it, null = gone. */
async function readLiveLastModified(
  file: string,
  now: number,
  defaultExpire: number,
): Promise<number | undefined | null> {
  const handle = await open(file, 'r').catch(() => null)
  if (handle === null) return null
  try {
    const head = new Uint8Array(HEADER_BYTES)
    await handle.read(head, 0, HEADER_BYTES, 0)
    const header = decodeHeader(head)
    if ((await handle.stat()).size !== header.total) return undefined
    const metaBytes = new Uint8Array(header.metaBytes)
    await handle.read(metaBytes, 0, header.metaBytes, HEADER_BYTES)
    const meta = decodeMetadata(metaBytes)
    const body = new Uint8Array(0)
    return ageFreshness({ ...meta, body }, now, defaultExpire) === 'expired' ? undefined : meta.lastModified
  } catch (error) {
    if (error instanceof CorruptEntryError) return undefined
    throw error
  } finally {
    await handle.close()
  }
}
