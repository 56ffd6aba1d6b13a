// `fresco cache` over the fs handler's directory: entries listed from their headers and metadata
// only (the body is never read), tag states read from tags.json + tags.log without compacting,
// and purge appended to the journal a running server follows (fs-tags.ts, catchUp).
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { systemClock } from '../clock.js'
import type { CacheInspector, InspectedEntry } from '../inspect.js'
import type { Clock, Logger } from '../types.js'
import { ENTRY_SUFFIX, entryFileName, readEntryHead } from './fs-gc.js'
import { createTagStore, readTagFiles } from './fs-tags.js'

/** The metadata of one entry file, or undefined when it is gone or corrupt. */
async function readMetadata(file: string): Promise<InspectedEntry | undefined> {
  const head = await readEntryHead(file).catch(() => undefined)
  return head ? { ...head.meta, bytes: head.bytes } : undefined
}

export function createFsInspector(options: { dir: string; logger: Logger; clock?: Clock }): CacheInspector {
  const { dir, logger } = options
  const clock = options.clock ?? systemClock
  const entryFiles = async () =>
    (await readdir(dir)).filter((name) => name.endsWith(ENTRY_SUFFIX)).map((name) => join(dir, name))
  return {
    description: `fs ${dir}`,
    async list(prefix = '') {
      const found: InspectedEntry[] = []
      for (const file of await entryFiles()) {
        const entry = await readMetadata(file)
        if (entry?.key.startsWith(prefix)) found.push(entry)
      }
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    },
    async read(key) {
      const entry = await readMetadata(join(dir, entryFileName(key)))
      return entry?.key === key ? entry : undefined
    },
    async tagStates() {
      return (await readTagFiles(dir, logger)).states
    },
    async purge(tags, updateOptions) {
      // Append only: the running server owns the snapshot and its compaction.
      const store = createTagStore(dir, logger)
      await store.load({ compact: false })
      await store.update(tags, clock.now(), updateOptions)
    },
    async close() {},
  }
}
