// Tag state on disk: a snapshot (tags.json, replaced atomically) plus an append-only journal
// (tags.log, one JSON line per updateTags call), so an invalidation appends one small line: O(tags).
// A torn last line (process killed mid-append) is skipped on load. Single writer process per dir.
import { appendFile, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { nextTagState } from '../freshness.js'
import type { Logger, TagState, UpdateTagsOptions } from '../types.js'

type JournalRecord = [tag: string, stale: number | null, expired: number | null]

const COMPACT_JOURNAL_BYTES = 1024 * 1024

export interface TagStore {
  readonly states: Map<string, TagState>
  load(): Promise<void>
  update(tags: readonly string[], now: number, options?: UpdateTagsOptions): Promise<void>
  /** Rewrite the snapshot without the tags `drop` selects, and empty the journal. */
  compact(drop?: (state: TagState) => boolean): Promise<void>
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

export function createTagStore(dir: string, logger: Logger): TagStore {
  const snapshotPath = join(dir, 'tags.json')
  const journalPath = join(dir, 'tags.log')
  const states = new Map<string, TagState>()
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
  }

  return {
    states,
    async load() {
      const snapshot = await readText(snapshotPath)
      if (snapshot) {
        try {
          const parsed = JSON.parse(snapshot) as { tags?: { [tag: string]: TagState } }
          for (const [tag, s] of Object.entries(parsed.tags ?? {}))
            states.set(tag, toState(s.stale, s.expired))
        } catch {
          logger.warn(`tag snapshot ${snapshotPath} is unreadable; starting from the journal only`)
        }
      }
      const journal = (await readText(journalPath)) ?? ''
      for (const line of journal.split('\n')) {
        if (line === '') continue
        try {
          for (const [tag, stale, expired] of JSON.parse(line) as JournalRecord[])
            states.set(tag, toState(stale, expired))
        } catch {
          logger.warn(`skipped a torn line in ${journalPath}`)
        }
      }
      if (journal.length > COMPACT_JOURNAL_BYTES) await serial(writeSnapshot)
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
    compact(drop) {
      return serial(async () => {
        if (drop) for (const [tag, state] of states) if (drop(state)) states.delete(tag)
        await writeSnapshot()
      })
    },
  }
}
