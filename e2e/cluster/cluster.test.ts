// Multi-instance ISR: three `fresco start` processes of ONE build of the `cluster` fixture share one
// real redis-server (started here on a free port). Counts, not timings: upstream requests come
// from the CMS's counters, renders from a log every instance appends to (`<instance> <pid> <path>`).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type TestRedisServer } from '../../packages/cache/src/testing/redis-server.js'
import { type Cms, poll, sleep, startCms } from '../harness/index.js'
import { type ClusterApp, clusterFixture, createClusterApp, type Instance } from './cluster-app.js'

let redis: TestRedisServer
let cms: Cms
let app: ClusterApp
let nodes: Instance[] = []
let env: Record<string, string>
let logDir: string
let renderLog: string
let client: Redis

beforeAll(async () => {
  redis = await startRedisServer()
  cms = await startCms({ seed: 5 })
  logDir = mkdtempSync(join(tmpdir(), 'fresco-cluster-log-'))
  renderLog = join(logDir, 'renders.log')
  writeFileSync(renderLog, '')
  env = { CMS_URL: cms.url, REDIS_URL: redis.url, RENDER_LOG: renderLog }
  app = await createClusterApp(clusterFixture('cluster'))
  const build = await app.build(env)
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  // Three processes, one build (one build id), one Redis: a load balancer's view of one app.
  nodes = await Promise.all(['a', 'b', 'c'].map((name) => app.start(name, env)))
  client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false })
  client.on('error', () => {}) // the Redis-kill test takes it down on purpose
  await client.connect()
})

afterAll(async () => {
  client?.disconnect()
  await app?.cleanup()
  await cms?.stop()
  await redis?.stop()
  if (logDir) rmSync(logDir, { recursive: true, force: true })
})

/** Render-log lines for `path` written after byte `from`. */
function renders(path: string, from = 0): { instance: string; pid: number }[] {
  return readFileSync(renderLog, 'utf8')
    .slice(from)
    .split('\n')
    .filter((line) => line.endsWith(` ${path}`))
    .map((line) => {
      const [instance = '', pid = '0'] = line.split(' ')
      return { instance, pid: Number(pid) }
    })
}
const logSize = () => readFileSync(renderLog, 'utf8').length

/** GET on every node until each answers HIT (each L1 then holds a fresh copy). */
async function warm(path: string): Promise<void> {
  for (const node of nodes)
    await poll(async () => ((await node.get(path)).cache === 'HIT' ? true : undefined), {
      what: `${node.name} HIT ${path}`,
    })
}

/** Until the invalidation of `tag` is in Redis (the route handler answers before it lands there). */
async function tagWritten(tag: string, after: number): Promise<void> {
  await poll(async () => (Number(await client.hget('fresco:tags', `s:${tag}`)) >= after ? true : undefined), {
    what: `tag ${tag} written to Redis`,
  })
}

const title = (text: string) => text.match(/<h1>([^<]*)<\/h1>/)?.[1]

describe('three instances on one Redis', () => {
  it('shares one build: route entries under the build id, binary values, every entry with a TTL', async () => {
    const buildId = app.buildId()
    for (const node of nodes) expect((await node.get('/posts/1')).status).toBe(200)
    const keys = await client.keys('fresco:*')
    const route = `fresco:route:${buildId}:/posts/1`
    expect(keys).toContain(route)
    expect(keys.some((k) => k.startsWith('fresco:data:'))).toBe(true)
    // Leases are taken and released around each render: one listed by KEYS may be gone by PTTL.
    for (const key of keys.filter((k) => k !== 'fresco:tags' && !k.startsWith('fresco:lease:'))) {
      const ttl = await client.pttl(key)
      // TTL = the expire window (expireTime 3600 s in the fixture) minus the entry's age.
      expect(ttl, key).toBeGreaterThan(0)
      expect(ttl, key).toBeLessThanOrEqual(3600_000)
    }
    const value = await client.getBuffer(route)
    expect(value?.subarray(0, 4).toString('latin1')).toBe('FRSC')
    // Redis is the L2: no instance wrote an fs cache next to the build.
    expect(existsSync(join(app.dir, '.fresco', 'cache'))).toBe(false)
  })

  it('300 concurrent requests across the instances to a stale page: exactly one upstream fetch', async () => {
    await warm('/posts/1')
    await sleep(8_500) // the page's revalidate is 8 s: let every copy (L1s and Redis) go stale
    await cms.reset()
    const from = logSize()
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => nodes[i % 3]!.get('/posts/1')))
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200))
    expect(results.filter((r) => r.cache === 'MISS')).toHaveLength(0)
    expect(results.some((r) => r.cache === 'STALE')).toBe(true)
    // Every instance gets to the regenerated page without regenerating it itself.
    await warm('/posts/1')
    expect(await cms.count('/blog/1')).toBe(1)
    expect(renders('/posts/1', from)).toHaveLength(1)
  })

  it('300 concurrent requests across the instances to an unknown param: exactly one render', async () => {
    const post = await cms.create({ title: 'Six, rendered once', content: 'new' })
    const path = `/posts/${post.id}`
    await cms.reset()
    const from = logSize()
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => nodes[i % 3]!.get(path)))
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200))
    expect(results.every((r) => title(r.text) === 'Six, rendered once')).toBe(true)
    expect(renders(path, from)).toHaveLength(1)
    expect(await cms.count(`/blog/${post.id}`)).toBe(1)
  })

  it('revalidateTag on instance a: b and c serve the new content on their next request', async () => {
    await warm('/posts/2')
    await cms.edit(2, { title: 'Two, edited' })
    const before = Date.now()
    const from = logSize()
    expect((await nodes[0]!.get('/api/revalidate?tag=post-2', { method: 'POST' })).status).toBe(200)
    await tagWritten('post-2', before)
    const b = await nodes[1]!.get('/posts/2')
    const c = await nodes[2]!.get('/posts/2')
    expect(title(b.text)).toBe('Two, edited')
    expect(title(c.text)).toBe('Two, edited')
    expect(title((await nodes[0]!.get('/posts/2')).text)).toBe('Two, edited')
    // b rendered it (blocking, under the lease); c found b's entry under its own lease.
    expect(renders('/posts/2', from)).toHaveLength(1)
  })

  it('res.revalidate on instance a (Pages Router): one render, b and c serve the new page on their next request', async () => {
    await warm('/articles/1')
    await cms.edit(1, { title: 'One, revalidated by res.revalidate' })
    const from = logSize()
    const answer = await nodes[0]!.get('/api/revalidate-page?path=/articles/1')
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.text)).toEqual({ revalidated: true })
    // Regenerated before the API answered, once for the cluster; b and c dropped their L1 copies.
    expect(renders('/articles/1', from)).toHaveLength(1)
    for (const node of nodes) {
      const r = await node.get('/articles/1')
      expect(r.cache, node.name).toBe('HIT')
      expect(title(r.text), node.name).toBe('One, revalidated by res.revalidate')
    }
    expect(renders('/articles/1', from)).toHaveLength(1)
  })

  it('the lease owner is killed mid-render: another instance completes the regeneration', async () => {
    await warm('/posts/3')
    await cms.edit(3, { title: 'Three, after the crash' })
    await cms.fail('slow', ['/blog/3'], { ms: 4000 })
    const before = Date.now()
    const from = logSize()
    await nodes[0]!.get('/api/revalidate?tag=post-3&profile=max', { method: 'POST' }) // stale, not expired
    await tagWritten('post-3', before)
    const first = await nodes[0]!.get('/posts/3')
    expect(first.cache).toBe('STALE') // a now owns the lease and renders in the background
    await poll(async () => (renders('/posts/3', from).some((r) => r.instance === 'a') ? true : undefined), {
      what: 'a starts rendering /posts/3',
    })
    const owner = nodes[0]!
    const port = owner.port
    await owner.crash()
    await cms.fail('off')
    // b and c keep serving the stale page while the dead owner's lease runs out, then one renders.
    const statuses: number[] = []
    await poll(
      async () => {
        for (const node of [nodes[1]!, nodes[2]!]) {
          const r = await node.get('/posts/3')
          statuses.push(r.status)
          if (title(r.text) !== 'Three, after the crash') return undefined
        }
        return true
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'b and c serve the regenerated page' },
    )
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(renders('/posts/3', from).some((r) => r.instance !== 'a')).toBe(true)
    nodes[0] = await app.start('a', env, port) // back to three for the next test
  })

  it('Redis paused (slow) under load: zero 5xx, the outage logged once each way', async () => {
    const marks = nodes.map((n) => n.proc.output().length)
    const since = (i: number) => nodes[i]!.proc.output().slice(marks[i])
    const load = startLoad()
    try {
      await sleep(500)
      redis.pause() // accepts connections, never answers: every command runs into its 500 ms bound
      // A page no instance holds makes each one go to Redis, notice, and render without it.
      const slow = await cms.create({ title: 'Seven, while Redis hangs', content: 'x' })
      for (const node of nodes) {
        const r = await node.get(`/posts/${slow.id}`)
        expect(r.status).toBe(200)
        expect(title(r.text)).toBe('Seven, while Redis hangs')
      }
      await poll(
        async () => (nodes.every((_, i) => since(i).includes('cache unavailable')) ? true : undefined),
        {
          what: 'every instance noticed the hung Redis',
        },
      )
      redis.resume()
      const after = await cms.create({ title: 'Eight, Redis answers again', content: 'x' })
      await poll(
        async () => {
          for (const node of nodes) await node.get(`/posts/${after.id}`) // commands that now succeed
          return nodes.every((_, i) => since(i).includes('cache is back')) ? true : undefined
        },
        { what: 'every instance logged the recovery' },
      )
    } finally {
      redis.resume()
      await load.stop()
    }
    expect(load.failures).toEqual([])
    expect([...load.statuses.keys()]).toEqual([200])
    for (const [i, node] of nodes.entries()) {
      expect(since(i).match(/cache unavailable/g), node.name).toHaveLength(1)
      expect(since(i).match(/cache is back/g), node.name).toHaveLength(1)
    }
  })

  it('Redis killed under load, an instance started while it is down, Redis restarted: zero 5xx, recovery without restart', async () => {
    const marks = nodes.map((n) => n.proc.output().length)
    const since = (i: number) => nodes[i]!.proc.output().slice(marks[i])
    const load = startLoad()
    let late: Instance | undefined
    try {
      await sleep(1000)
      await redis.kill()
      // Down: pages keep coming from L1 or from rendering.
      await poll(
        async () => (nodes.every((_, i) => since(i).includes('cache unavailable')) ? true : undefined),
        {
          what: 'every instance noticed the outage',
        },
      )
      expect((await nodes[1]!.get('/posts/5')).status).toBe(200)
      // An instance started while Redis is down starts anyway and serves by rendering.
      late = await app.start('d', env)
      const d = await late.get('/posts/2')
      expect(d.status).toBe(200)
      expect(title(d.text)).toBe('Two, edited')
      expect(late.proc.output()).toContain('cache unavailable')
      await redis.restart()
      const all = [...nodes, late]
      await poll(
        async () =>
          all.every((n, i) => (i < 3 ? since(i) : n.proc.output()).includes('cache is back'))
            ? true
            : undefined,
        {
          timeoutMs: 30_000,
          what: 'every instance logged the recovery',
        },
      )
      // Recovered: an invalidation on b reaches every other instance again (pub/sub resubscribed,
      // tag state written), including the one that never saw Redis before.
      await cms.edit(4, { title: 'Four, after the outage' })
      const before = Date.now()
      expect((await nodes[1]!.get('/api/revalidate?tag=post-4', { method: 'POST' })).status).toBe(200)
      await tagWritten('post-4', before)
      for (const node of [nodes[0]!, nodes[2]!, late])
        expect(title((await node.get('/posts/4')).text), node.name).toBe('Four, after the outage')
      // And entries reach the restarted (empty) Redis again.
      await poll(async () => ((await client.keys('fresco:route:*')).length > 0 ? true : undefined), {
        what: 'route entries written to the restarted Redis',
      })
    } finally {
      await load.stop()
      await late?.stop()
    }
    expect(load.failures).toEqual([])
    expect([...load.statuses.keys()]).toEqual([200])
    expect(load.statuses.get(200)).toBeGreaterThan(50)
    for (const [i, node] of nodes.entries()) {
      expect(since(i).match(/cache unavailable/g), node.name).toHaveLength(1)
      expect(since(i).match(/cache is back/g), node.name).toHaveLength(1)
    }
  })
})

/** Six clients looping over the instances and a few pages until stopped; every status counted. */
function startLoad() {
  const statuses = new Map<number, number>()
  const failures: string[] = []
  let stopped = false
  const paths = ['/posts/1', '/posts/4', '/posts/5', '/']
  const worker = async (w: number) => {
    for (let i = w; !stopped; i++) {
      try {
        const r = await nodes[i % 3]!.get(paths[i % paths.length]!)
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
      } catch (error) {
        failures.push(String(error))
      }
    }
  }
  const running = Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)))
  return {
    statuses,
    failures,
    async stop() {
      stopped = true
      await running
    },
  }
}
