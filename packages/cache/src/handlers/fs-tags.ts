// Tag state on disk: a snapshot (tags.json, replaced atomically) plus an append-only journal
// (tags.log, one JSON line per updateTags call), so an invalidation appends one small line: O(tags).
// A torn last line (process killed mid-append) is skipped on load. One process writes entries;
// another (`fresco cache purge`) may append invalidations to the journal: follow() reads lines
// appended after load, so a running server sees them (each tag only ever moves forward).
import { appendFile, open, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { nextTagState } from '../freshness.js'
import { isLaterTagState } from '../tag-order.js'
import type { Logger, TagState, UpdateTagsOptions } from '../types.js'

type JournalRecord = [tag: string, stale: number | null, expired: number | null]

const COMPACT_JOURNAL_BYTES = 1024 * 1024

export interface TagStore {
  readonly states: Map<string, TagState>
  /** `compact: false`: never rewrite the files (another process, `fresco cache purge`, owns them). */
  load(options?: { compact?: boolean }): Promise<void>
  update(tags: readonly string[], now: number, options?: UpdateTagsOptions): Promise<void>
  /** Rewrite the snapshot without the tags `drop` selects, and empty the journal. */
  compact(drop?: (state: TagState) => boolean): Promise<void>
  /**
   * Apply the journal lines appended since the last read (by any process) that move a tag
   * forward; resolves with the tags that changed.
   */
  catchUp(): Promise<Set<string>>
}

function toState(stale: number | null | undefined, expired: number | null | undefined): TagState {
  const state: TagState = {}
  if (typeof stale === 'number') state.stale = stale
  if (typeof expired === 'number') state.expired = expired
  return state
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Each record of journal lines, in order; `torn` for a line that does not parse. */
function eachRecord(text: string, apply: (tag: string, state: TagState) => void, torn: () => void): void {
  for (const line of text.split('\n')) {
    if (line === '') continue
    let records: JournalRecord[]
    try {
      records = JSON.parse(line) as JournalRecord[]
    } catch {
      torn()
      continue
    }
    for (const [tag, stale, expired] of records) apply(tag, toState(stale, expired))
  }
}

/** The tag states on disk (snapshot, then journal), read without writing anything. */
export async function readTagFiles(
  dir: string,
  logger: Logger,
): Promise<{ states: Map<string, TagState>; journalBytes: number }> {
  const snapshotPath = join(dir, 'tags.json')
  const journalPath = join(dir, 'tags.log')
  const states = new Map<string, TagState>()
  const snapshot = await readText(snapshotPath)
  if (snapshot) {
    try {
      const parsed = JSON.parse(snapshot) as { tags?: { [tag: string]: TagState } }
      for (const [tag, s] of Object.entries(parsed.tags ?? {})) states.set(tag, toState(s.stale, s.expired))
    } catch {
      logger.warn(`tag snapshot ${snapshotPath} is unreadable; starting from the journal only`)
    }
  }
  const journal = (await readText(journalPath)) ?? ''
  eachRecord(
    journal,
    (tag, state) => states.set(tag, state),
    () => logger.warn(`skipped a torn line in ${journalPath}`),
  )
  return { states, journalBytes: Buffer.byteLength(journal) }
}

export function createTagStore(dir: string, logger: Logger): TagStore {
  const snapshotPath = join(dir, 'tags.json')
  const journalPath = join(dir, 'tags.log')
  const states = new Map<string, TagState>()
  /** Journal bytes read (or written) so far: catchUp reads from here. */
  let offset = 0
  // Every disk write goes through this chain so appends and compactions never interleave.
  let chain: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn)
    chain = next.catch(() => {})
    return next
  }

  async function writeSnapshot(): Promise<void> {
    const tags: { [tag: string]: TagState } = {}
    for (const [tag, state] of states) tags[tag] = state
    const tmp = `${snapshotPath}.${process.pid}.tmp`
    await writeFile(tmp, JSON.stringify({ version: 1, tags }))
    await rename(tmp, snapshotPath)
    await writeFile(journalPath, '')
    offset = 0
  }

  /** Complete lines appended to the journal past `offset`, applied forward-only. */
  async function readAppended(): Promise<Set<string>> {
    const changed = new Set<string>()
    let handle: Awaited<ReturnType<typeof open>>
    try {
      handle = await open(journalPath, 'r')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return changed
      throw error
    }
    try {
      const { size } = await handle.stat()
      if (size < offset) offset = 0 // emptied by a compaction elsewhere: read it from the start
      if (size === offset) return changed
      const buffer = Buffer.alloc(size - offset)
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset)
      const text = buffer.subarray(0, bytesRead).toString('utf8')
      const end = text.lastIndexOf('\n') // a line still being appended waits for the next read
      if (end < 0) return changed
      offset += Buffer.byteLength(text.slice(0, end + 1))
      const forward = (tag: string, state: TagState) => {
        if (!isLaterTagState(state, states.get(tag))) return
        states.set(tag, state)
        changed.add(tag)
      }
      eachRecord(text.slice(0, end), forward, () =>
        logger.warn(`skipped an unreadable line in ${journalPath}`),
      )
      return changed
    } finally {
      await handle.close()
    }
  }

  return {
    states,
    async load(options) {
      const read = await readTagFiles(dir, logger)
      for (const [tag, state] of read.states) states.set(tag, state)
      offset = read.journalBytes
      if (read.journalBytes > COMPACT_JOURNAL_BYTES && options?.compact !== false) await serial(writeSnapshot)
    },
    update(tags, now, options) {
      const records: JournalRecord[] = []
      for (const tag of tags) {
        const state = nextTagState(states.get(tag), now, options)
        states.set(tag, state) // the mirror changes at once; the disk follows
        records.push([tag, state.stale ?? null, state.expired ?? null])
      }
      return serial(() => appendFile(journalPath, `${JSON.stringify(records)}\n`))
    },
    catchUp: () => serial(readAppended),
    compact(drop) {
      return serial(async () => {
        await readAppended() // another process's last lines are kept in the snapshot
        if (drop) for (const [tag, state] of states) if (drop(state)) states.delete(tag)
        await writeSnapshot()
      })
    },
  }
}
