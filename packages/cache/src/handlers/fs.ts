// Entries as files in one directory. Key → sha256 file name (no path traversal from keys);
// temp file + rename (a killed writer leaves the previous entry readable); corrupt files are a miss
// and are removed; tag state persisted (fs-tags.ts) and reloaded by ready(); GC by expire window,
// at start and periodically when asked; a byte budget (fs-budget.ts); a directory that cannot be
// written is logged once, not per request (fs-write-health.ts). With `brotli`, bodies are stored
// brotli-coded and read back with their coding attached (stored-coding.ts).
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { systemClock } from '../clock.js'
import { ageFreshness, DEFAULT_EXPIRE, expireAfter } from '../freshness.js'
import { consoleLogger } from '../logger.js'
import type { CacheEntry, CacheHandler, Clock, Logger } from '../types.js'
import { validateEntry } from '../validate.js'
import { createDiskBudget } from './fs-budget.js'
import { CorruptEntryError, decodeEntry, encodeEntry, type StoredParts } from './fs-format.js'
import { collectGarbage, entryFileName, GC_CONCURRENCY, type GcResult, TEMP_SUFFIX } from './fs-gc.js'
import { createTagStore } from './fs-tags.js'
import { createFsWriteHealth } from './fs-write-health.js'
import { decodeStored, storedBrotli } from './stored-coding.js'
import { createTagListeners } from './tag-mirror.js'

export type { GcResult } from './fs-gc.js'

export interface FsHandlerOptions {
  /** The directory (created if missing). One process writes it at a time; use Redis for clusters. */
  dir: string
  clock?: Clock
  logger?: Logger
  /** Expire window in seconds for entries without one (GC). Default one year. */
  defaultExpire?: number
  /** fsync each entry before publishing it (survives power loss, slower). Default false. */
  fsync?: boolean
  /**
   * Byte budget of the entry files. Past it, expired entries are removed first, then the least
   * recently used, down to 90 % of it. Default none (unbounded).
   */
  maxBytes?: number
  /** Run gc() once right after start and then every this many ms (an unref'd timer). Default off. */
  gcIntervalMs?: number
  /**
   * Read invalidations other processes append to the tag journal (`fresco cache purge`) every this
   * many ms (an unref'd timer), and tell onTagUpdate listeners. Default off.
   */
  followJournalMs?: number
  /**
   * Store bodies and payloads of at least 1 KB brotli-coded by this function, when that is smaller
   * (`fresco build` passes the server's own brotli settings). Reads decode them and keep the coded
   * bytes with the body, for a server to send as its `br` coding (storedBrotli). Files written
   * without it are read the same way. Default off: an entry made on a request would be coded
   * before anyone asked for it.
   */
  brotli?: (bytes: Uint8Array) => Promise<Uint8Array>
  /**
   * Keys nothing will read again (a server: route entries of other builds). gc() removes their
   * files, so a directory a site is deployed into again and again holds one build's pages, and the
   * scan at start does not read the previous builds' files every time.
   */
  obsolete?: (key: string) => boolean
  /**
   * No other process writes this directory (a `fresco start` process, the primary of its workers, a
   * build). With a byte budget, once the first scan has run its index is then the directory: a key
   * it lacks is a miss without opening a file, and a later gc() opens only files it does not know.
   * Default false: every miss is read, every scan reads every file.
   */
  soleWriter?: boolean
}

/** Below this, brotli's framing eats most of the gain (the server's MIN_COMPRESS_BYTES too). */
const MIN_CODED_BYTES = 1024

export interface FsHandler extends CacheHandler {
  readonly dir: string
  ready(): Promise<void>
  /** Remove expired and corrupt entries, abandoned temp files and tag records nothing can match. */
  gc(): Promise<GcResult>
  /** The file that holds `key`. */
  fileFor(key: string): string
  /** Bytes of entry files this handler knows of (with a budget; 0 without). */
  readonly diskBytes: number
  /** Stop the periodic GC and wait for a running GC or eviction. */
  close(): Promise<void>
}

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
  const budget = options.maxBytes === undefined ? undefined : createDiskBudget(options.maxBytes)
  const health = createFsWriteHealth(dir, logger)
  const listeners = createTagListeners(logger, 'fs')
  let tempCounter = 0
  let loaded = false
  const loading = mkdir(dir, { recursive: true })
    .then(() => tags.load())
    .then(() => {
      loaded = true
    })
  loading.catch(() => {}) // surfaced through ready() and every call

  const nameFor = entryFileName
  const fileFor = (key: string) => join(dir, nameFor(key))
  const expiresAt = (entry: Omit<CacheEntry, 'body'>) =>
    entry.lastModified + expireAfter(entry as CacheEntry, defaultExpire) * 1000

  /** Background work close() waits for: the running GC or eviction. */
  let gcRun: Promise<GcResult> | undefined
  let evicting: Promise<void> | undefined

  /** Over budget: remove expired, then least recently used files, in the background. */
  function evictIfOver(): void {
    if (budget === undefined || evicting !== undefined || budget.bytes <= (options.maxBytes ?? 0)) return
    evicting = (async () => {
      for (let victims = budget.evict(clock.now()); victims.length > 0; victims = budget.evict(clock.now())) {
        const before = victims.length
        for (let i = 0; i < victims.length; i += GC_CONCURRENCY)
          await Promise.all(
            victims.slice(i, i + GC_CONCURRENCY).map((name) => unlink(join(dir, name)).catch(() => {})),
          )
        if (debug)
          logger.debug(`EVICT ${before} files from ${dir} (over the ${options.maxBytes} bytes budget)`)
      }
    })().finally(() => {
      evicting = undefined
    })
  }

  async function discard(file: string, why: string): Promise<void> {
    logger.warn(`removed cache file ${file}: ${why}`)
    await unlink(file).catch(ignoreMissing)
  }

  /**
   * The parts worth storing coded, coded (a part read coded keeps its coding for free); a failed or
   * useless coding stores the part as it is.
   */
  async function codeParts(entry: CacheEntry): Promise<StoredParts> {
    const code = async (bytes: Uint8Array | undefined) => {
      if (bytes === undefined) return
      const stored = storedBrotli(bytes)
      if (stored !== undefined) return stored
      if (options.brotli === undefined || bytes.byteLength < MIN_CODED_BYTES) return
      const coded = await options.brotli(bytes).catch(() => undefined)
      return coded !== undefined && coded.byteLength < bytes.byteLength ? coded : undefined
    }
    const [body, payload] = await Promise.all([code(entry.body), code(entry.payload)])
    return { body, payload }
  }

  let timer: ReturnType<typeof setInterval> | undefined
  const handler: FsHandler = {
    name: 'fs',
    dir,
    fileFor,
    ready: () => loading,
    async get(key) {
      if (!loaded) await loading
      const name = nameFor(key)
      // A first visit reads nothing: a failed open costs ~20 µs of CPU and a trip to the thread pool.
      if (options.soleWriter && budget?.lacks(name)) return undefined
      const file = join(dir, name)
      let bytes: Uint8Array
      try {
        bytes = await readFile(file)
      } catch (error) {
        if (!isMissing(error)) throw error
        budget?.removed(name)
        return undefined
      }
      try {
        const decoded = decodeEntry(bytes)
        if (decoded.key !== key) return undefined // a sha256 collision: treat as a miss, leave it
        if (ageFreshness(decoded.entry, clock.now(), defaultExpire) === 'expired') {
          budget?.removed(name)
          await unlink(file).catch(ignoreMissing)
          if (debug) logger.debug(`EVICT ${key} (past its expire window)`)
          return undefined
        }
        const { entry, coded } = decoded
        try {
          if (coded.body) entry.body = await decodeStored(entry.body)
          if (coded.payload && entry.payload) entry.payload = await decodeStored(entry.payload)
        } catch (error) {
          throw new CorruptEntryError(`undecodable brotli body (${String(error)})`)
        }
        budget?.used(name)
        return entry
      } catch (error) {
        if (!(error instanceof CorruptEntryError)) throw error
        budget?.removed(name)
        await discard(file, `${error.message} (key ${key})`)
        return undefined
      }
    },
    async set(key, entry) {
      validateEntry(key, entry)
      if (!loaded) await loading
      const name = nameFor(key)
      const file = join(dir, name)
      const temp = `${file}.${process.pid}.${tempCounter++}${TEMP_SUFFIX}`
      const parts = encodeEntry(key, entry, await codeParts(entry))
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
        if (health.failed(error)) return // logged once per condition; the response is served anyway
        throw error
      }
      health.succeeded()
      if (budget) {
        budget.written(name, { bytes: total, expiresAt: expiresAt(entry), lastModified: entry.lastModified })
        evictIfOver()
      }
    },
    async delete(key) {
      const name = nameFor(key)
      budget?.removed(name)
      await unlink(join(dir, name)).catch(ignoreMissing)
    },
    async updateTags(list, updateOptions) {
      if (!loaded) await loading
      await tags.update(list, clock.now(), updateOptions)
    },
    getTagState: (tag) => tags.states.get(tag),
    tagStates: () => tags.states.entries(),
    onTagUpdate: (listener) => listeners.add(listener),
    stats: () => ({ diskBytes: budget?.bytes ?? 0 }),
    get diskBytes() {
      return budget?.bytes ?? 0
    },
    gc() {
      gcRun ??= (async () => {
        if (!loaded) await loading
        await evicting
        const result = await collectGarbage({
          dir,
          clock,
          logger,
          defaultExpire,
          tags,
          budget,
          expiresAt,
          obsolete: options.obsolete,
          trustIndex: options.soleWriter === true,
        })
        evictIfOver()
        await evicting
        return result
      })().finally(() => {
        gcRun = undefined
      })
      return gcRun
    },
    async close() {
      clearInterval(timer)
      clearInterval(follower)
      timer = undefined
      await Promise.allSettled([gcRun, evicting])
    },
  }
  let follower: ReturnType<typeof setInterval> | undefined
  if (options.followJournalMs !== undefined && options.followJournalMs > 0) {
    let reading = false
    follower = setInterval(() => {
      if (!loaded || reading) return
      reading = true
      tags
        .catchUp()
        .then((changed) => listeners.notify(changed, tags.states, true))
        .catch((error: unknown) => logger.warn(`fs: could not read ${dir}/tags.log: ${String(error)}`))
        .finally(() => {
          reading = false
        })
    }, options.followJournalMs)
    follower.unref?.()
  }
  if (options.gcIntervalMs !== undefined && options.gcIntervalMs > 0) {
    // Expired entries and a dead writer's temp files go at start, then periodically.
    const run = () => {
      if (timer === undefined) return // closed before the first run
      handler.gc().catch((error: unknown) => logger.warn(`fs: cache GC of ${dir} failed: ${String(error)}`))
    }
    loading.then(run, () => {})
    timer = setInterval(run, options.gcIntervalMs)
    timer.unref?.()
  }
  return handler
}
