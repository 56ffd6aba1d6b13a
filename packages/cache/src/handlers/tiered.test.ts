import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createManualClock } from '../clock.js'
import { silentLogger } from '../logger.js'
import { createResponseCache, type Regenerate } from '../response-cache.js'
import { makeEntry, runHandlerConformance } from '../testing.js'
import { createFsHandler } from './fs.js'
import { createMemoryHandler } from './memory.js'
import { createTieredHandler } from './tiered.js'

const root = mkdtempSync(join(tmpdir(), 'fresco-tiered-'))
let n = 0
afterAll(() => rmSync(root, { recursive: true, force: true }))

runHandlerConformance(
  'tiered(memory+fs)',
  ({ clock }) =>
    createTieredHandler({
      l1: createMemoryHandler({ clock, logger: silentLogger }),
      l2: createFsHandler({ dir: join(root, `conf-${n++}`), clock, logger: silentLogger }),
    }),
  { describe, it, expect, beforeEach, afterEach },
)

describe('tiered handler', () => {
  function setup() {
    const clock = createManualClock()
    const l1 = createMemoryHandler({ clock, logger: silentLogger })
    const l2 = createMemoryHandler({ clock, logger: silentLogger })
    return { clock, l1, l2, tiered: createTieredHandler({ l1, l2 }) }
  }

  it('writes both tiers; an L2 hit fills L1', async () => {
    const { l1, l2, tiered } = setup()
    const entry = makeEntry()
    await tiered.set('k', entry)
    expect(await l1.get('k')).toBe(entry)
    expect(await l2.get('k')).toBe(entry)
    await l1.delete('k')
    expect(await tiered.get('k')).toBe(entry)
    expect(await l1.get('k')).toBe(entry)
    await tiered.delete('k')
    expect(await l2.get('k')).toBeUndefined()
  })

  it('counts bytes kept beside an entry in L1 only (L2 copies are read anew)', async () => {
    const { l1, l2, tiered } = setup()
    const entry = makeEntry()
    await tiered.set('k', entry)
    const [b1, b2] = [l1.bytes, l2.bytes]
    tiered.account?.('k', entry, 123)
    expect(l1.bytes).toBe(b1 + 123)
    expect(l2.bytes).toBe(b2)
  })

  it('reads tag state from L2 and sends updates to both', async () => {
    const { l1, l2, tiered } = setup()
    await l2.updateTags(['only-l2'])
    expect(tiered.getTagState('only-l2')).toEqual(l2.getTagState('only-l2'))
    await tiered.updateTags(['both'])
    expect(l1.getTagState('both')).toBeDefined()
    expect(l2.getTagState('both')).toBeDefined()
  })

  it('an L1 hit is still checked against tag state: an invalidation on L2 (another instance) wins', async () => {
    const { clock, l1, l2, tiered } = setup()
    const cache = createResponseCache({ handler: tiered, clock, logger: silentLogger })
    const render = vi.fn<Regenerate>(async () => makeEntry({ tags: ['posts'], lastModified: clock.now() }))
    await cache.get('k', render)
    expect(await l1.get('k')).toBeDefined()
    clock.advance(10)
    await l2.updateTags(['posts']) // as if another instance invalidated through the shared L2
    clock.advance(1)
    expect((await cache.get('k', render)).status).toBe('MISS')
    expect(render).toHaveBeenCalledTimes(2)
  })

  it('forwards leases and drops the L1 copy after waiting for another instance', async () => {
    const { l1, l2 } = setup()
    const acquireLease = vi.fn(async () => null)
    const waitForEntry = vi.fn(async () => {})
    const tiered = createTieredHandler({ l1, l2: Object.assign(l2, { acquireLease, waitForEntry }) })
    await l1.set('k', makeEntry())
    expect(await tiered.acquireLease!('k', 100)).toBe(null)
    await tiered.waitForEntry!('k', 100)
    expect(waitForEntry).toHaveBeenCalledWith('k', 100)
    expect(await l1.get('k')).toBeUndefined()
  })

  it('an L2 read overtaken by a local write does not put the older entry in L1 (no STALE shadow)', async () => {
    const { clock, l1, l2 } = setup()
    const old = makeEntry({ body: Buffer.from('old'), lastModified: clock.now() })
    await l2.set('k', old)
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    // An L2 whose read returns what it held when the read began, after the gate opens (a slow disk).
    const slow = Object.assign(Object.create(l2), {
      async get(key: string) {
        const held = await l2.get(key)
        await gate
        return held
      },
    })
    const tiered = createTieredHandler({ l1, l2: slow })
    const reading = tiered.get('k')
    await new Promise((r) => setTimeout(r, 0))
    const fresh = makeEntry({ body: Buffer.from('new'), lastModified: clock.now() + 1 })
    await tiered.set('k', fresh) // a regeneration stores while the read waits on L2
    release()
    expect(await reading).toBe(fresh)
    expect(await l1.get('k')).toBe(fresh)
    expect(await tiered.get('k')).toBe(fresh)
  })
})
