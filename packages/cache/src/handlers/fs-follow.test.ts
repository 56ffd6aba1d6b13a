// A second process on the fs cache directory (`fresco cache`): its inspector lists entries without
// changing a byte or an mtime, and its purge (appended to tags.log) reaches a running handler that
// follows the journal, as a remote tag update.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../clock.js'
import { silentLogger } from '../logger.js'
import { waitUntil } from '../testing/redis-server.js'
import { makeEntry } from '../testing.js'
import type { TagState } from '../types.js'
import { createFsHandler } from './fs.js'
import { createFsInspector } from './fs-inspect.js'

const root = mkdtempSync(join(tmpdir(), 'fresco-fs-follow-'))
let n = 0
afterAll(() => rmSync(root, { recursive: true, force: true }))

const files = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir).map((f) => [f, [statSync(join(dir, f)).size, statSync(join(dir, f)).mtimeMs]]),
  )

describe('fs handler and a second process', () => {
  it('the inspector lists and reads metadata, and changes nothing', async () => {
    const dir = join(root, `d${n++}`)
    const handler = createFsHandler({ dir, clock: createManualClock(), logger: silentLogger })
    await handler.set('route:b1:/a', makeEntry({ tags: ['x'], revalidate: 60 }))
    await handler.set('data:1', makeEntry({ kind: 'fetch', tags: ['y'] }))
    await handler.updateTags(['y'])
    const before = files(dir)
    const inspector = createFsInspector({ dir, logger: silentLogger })
    const listed = await inspector.list()
    expect(listed.map((e) => [e.key, e.kind, e.tags, e.revalidate])).toEqual([
      ['data:1', 'fetch', ['y'], 60],
      ['route:b1:/a', 'page', ['x'], 60],
    ])
    expect(listed[0]?.bytes).toBe(statSync(handler.fileFor('data:1')).size)
    expect((await inspector.list('route:')).map((e) => e.key)).toEqual(['route:b1:/a'])
    expect((await inspector.read('route:b1:/a'))?.tags).toEqual(['x'])
    expect(await inspector.read('route:b1:/nope')).toBeUndefined()
    expect((await inspector.tagStates()).get('y')?.expired).toBeDefined()
    expect(files(dir)).toEqual(before)
    await handler.close()
  })

  it('a purge appended by another process reaches a following handler as a remote update', async () => {
    const dir = join(root, `d${n++}`)
    const clock = createManualClock()
    const handler = createFsHandler({ dir, clock, logger: silentLogger, followJournalMs: 10 })
    await handler.ready()
    const heard: [readonly string[], TagState, boolean][] = []
    handler.onTagUpdate?.((tags, state, remote) => heard.push([tags, state, remote]))
    await handler.updateTags(['own']) // its own line: never reported as remote
    const inspector = createFsInspector({ dir, logger: silentLogger, clock })
    clock.advance(1000)
    await inspector.purge(['posts'])
    await waitUntil(() => handler.getTagState('posts') !== undefined, 5000)
    expect(handler.getTagState('posts')).toEqual({ stale: clock.now(), expired: clock.now() })
    await waitUntil(() => heard.length > 0, 5000)
    expect(heard).toEqual([[['posts'], { stale: clock.now(), expired: clock.now() }, true]])
    await handler.close()
  })
})
