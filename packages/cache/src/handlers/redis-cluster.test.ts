// Several "app instances" (response cache + Redis handler each) on one Redis: the cluster-wide
// behaviour the Redis handler exists for.
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../logger.js'
import { createResponseCache, type ResponseCache } from '../response-cache.js'
import { useRedisServer } from '../testing/redis-fixture.js'
import { waitUntil } from '../testing/redis-server.js'
import type { CacheEntry, CacheHandler } from '../types.js'
import { createRedisHandler } from './redis.js'

const redis = useRedisServer()
let run = 0

const calls = { acquire: 0, wait: 0 }

/** N instances sharing one Redis namespace; lease and wait calls are counted. */
async function instances(n: number): Promise<{ handler: CacheHandler; cache: ResponseCache }[]> {
  const prefix = `cluster${run++}`
  const out = []
  for (let i = 0; i < n; i++) {
    const inner = createRedisHandler({ url: redis.server.url, prefix, logger: silentLogger })
    await inner.ready?.()
    const handler: CacheHandler = {
      ...inner,
      acquireLease(key, ttl) {
        calls.acquire++
        return inner.acquireLease!(key, ttl)
      },
      waitForEntry(key, ms) {
        calls.wait++
        return inner.waitForEntry!(key, ms)
      },
    }
    const cache = createResponseCache({ handler, logger: silentLogger, waitForEntryMs: 20_000 })
    redis.onCleanup(
      () => cache.close(),
      () => inner.close?.(),
    )
    out.push({ handler, cache })
  }
  return out
}

function page(html: string, tags: string[] = []): CacheEntry {
  return {
    kind: 'page',
    body: new TextEncoder().encode(html),
    status: 200,
    headers: {},
    tags,
    lastModified: Date.now(),
    revalidate: 3600,
  }
}

describe('redis handler: many instances', () => {
  it('renders a cold page once for the whole cluster; the others get that render', async () => {
    calls.acquire = 0
    calls.wait = 0
    const nodes = await instances(3)
    let renders = 0
    let open!: () => void
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    const render = async () => {
      renders++
      await gate // hold the lease until every other instance is waiting for it
      return page('<p>rendered once</p>')
    }
    const results = Promise.all(nodes.map((n) => n.cache.get('route:b1:/cold', render)))
    await waitUntil(() => calls.acquire === 3 && calls.wait === 2, 10_000)
    open()
    const decoded = (await results).map((r) => new TextDecoder().decode(r.entry.body))
    expect(decoded).toEqual(['<p>rendered once</p>', '<p>rendered once</p>', '<p>rendered once</p>'])
    expect(renders).toBe(1)
  })

  it('revalidateTag on one instance makes the next read on another regenerate', async () => {
    const [a, b] = await instances(2)
    let version = 0
    const render = async () => page(`<p>v${++version}</p>`, ['posts'])
    expect((await a!.cache.get('route:b1:/posts', render)).status).toBe('MISS')
    expect((await b!.cache.get('route:b1:/posts', render)).status).toBe('HIT')

    const heard = new Promise((resolve) => b!.handler.onTagUpdate!(resolve))
    await a!.cache.revalidateTags(['posts'])
    await heard
    const after = await b!.cache.get('route:b1:/posts', render)
    expect(after.status).toBe('MISS')
    expect(new TextDecoder().decode(after.entry.body)).toBe('<p>v2</p>')
  })
})
