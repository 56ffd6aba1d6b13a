// `fresco cache` over Redis with two `fresco start` instances of one build on one real
// redis-server: ls shows what the build prerendered into Redis, read-only commands change no key
// or value, and purge --tag reaches both instances through the same pub/sub as revalidateTag; the
// inspector page of one instance lists Redis, and its purge button reaches the other instance too.
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type TestRedisServer } from '../../packages/cache/src/testing/redis-server.js'
import { poll, runProc, startUpstream, type Upstream } from '../harness/index.js'
import { type ClusterApp, clusterFixture, createClusterApp, type Instance } from './cluster-app.js'

let redis: TestRedisServer
let upstream: Upstream
let app: ClusterApp
let nodes: Instance[] = []
let env: Record<string, string>
let client: Redis
const SECRET = 'inspector-secret-for-the-redis-test'

const cli = (args: string[]) =>
  runProc(join(app.dir, 'node_modules', '.bin', 'fresco'), ['cache', ...args], {
    cwd: app.dir,
    env,
    label: `fresco cache ${args.join(' ')}`,
  })
const title = (text: string) => text.match(/<h1>([^<]*)<\/h1>/)?.[1]

/** Every key under the prefix with its value, and the tag hash: what a read-only command must not change. */
async function redisState(): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const key of (await client.keys('fresco:*')).sort()) {
    const type = await client.type(key)
    out[key] =
      type === 'string'
        ? ((await client.getBuffer(key))?.toString('base64') ?? '')
        : JSON.stringify(await client.hgetall(key))
  }
  return out
}

beforeAll(async () => {
  redis = await startRedisServer()
  upstream = await startUpstream()
  env = { UPSTREAM_URL: upstream.url, REDIS_URL: redis.url }
  app = await createClusterApp(clusterFixture('ops'))
  const build = await app.build(env)
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  nodes = await Promise.all(
    ['a', 'b'].map((name) => app.start(name, { ...env, FRESCO_INSPECTOR_SECRET: SECRET })),
  )
  client = new Redis(redis.url, { maxRetriesPerRequest: 1 })
}, 300_000)

afterAll(async () => {
  client?.disconnect()
  await app?.cleanup()
  await upstream?.close()
  await redis?.stop()
})

describe('fresco cache over Redis, two instances', () => {
  it('ls lists what the build prerendered into Redis; ls, show and stats change nothing', async () => {
    const before = await redisState()
    const ls = await cli(['ls', '--json'])
    expect(ls.code, ls.output).toBe(0)
    const views = JSON.parse(ls.output) as { path?: string; kind: string; tags: string[] }[]
    expect(views.find((v) => v.path === '/posts/first')).toMatchObject({ kind: 'page' })
    expect(views.some((v) => v.kind === 'fetch' && v.tags.includes('post-first'))).toBe(true)
    const stats = await cli(['stats'])
    expect(stats.output).toMatch(
      new RegExp(`^store\\s+redis 127\\.0\\.0\\.1:${new URL(redis.url).port} \\(prefix fresco\\)`, 'm'),
    )
    await cli(['show', '/posts/first'])
    await cli(['ls'])
    expect(await redisState()).toEqual(before)
  })

  it('purge --tag reaches both instances: one regeneration, both serve the new content', async () => {
    for (const node of nodes)
      await poll(async () => ((await node.get('/posts/first')).cache === 'HIT' ? true : undefined), {
        what: `${node.name} HIT /posts/first`,
        timeoutMs: 30_000,
      })
    const fetched = upstream.count('/posts/first')
    upstream.edit('/posts/first', 'Purged over Redis')
    const purge = await cli(['purge', '--tag', 'post-first'])
    expect(purge.code, purge.output).toBe(0)
    expect(purge.output).toContain('Invalidated post-first in redis ')
    const shown = JSON.parse((await cli(['show', '/posts/first', '--json'])).output) as { verdict: string }
    expect(shown.verdict).toBe('tag-expired')

    for (const node of nodes)
      await poll(
        async () => (title((await node.get('/posts/first')).text) === 'Purged over Redis' ? true : undefined),
        { what: `${node.name} serves the regenerated page` },
      )
    // The lease let one instance render it; the other read its entry from Redis.
    expect(upstream.count('/posts/first')).toBe(fetched + 1)
  })

  it('the inspector of one instance lists Redis, and its purge reaches the other instance', async () => {
    const [a, b] = nodes
    if (!a || !b) throw new Error('two instances expected')
    for (const node of nodes)
      await poll(async () => ((await node.get('/posts/first')).cache === 'HIT' ? true : undefined), {
        what: `${node.name} HIT /posts/first`,
        timeoutMs: 30_000,
      })
    const authorization = `Bearer ${SECRET}`
    const page = await a.get('/_fresco/inspector?prefix=/posts', { headers: { authorization } })
    expect(page.status).toBe(200)
    expect(page.text).toContain(`redis 127.0.0.1:${new URL(redis.url).port} (prefix fresco)`)
    expect(page.text).toMatch(/<tr data-key="route:[^"]+:\/posts\/first" data-state="(fresh|stale)">/)

    const fetched = upstream.count('/posts/first')
    upstream.edit('/posts/first', 'Purged from the inspector')
    const purge = await a.get('/_fresco/inspector', {
      method: 'POST',
      headers: { authorization, origin: a.url, 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/posts/first' }),
    })
    expect(purge.status, purge.text).toBe(200)
    // b was never asked: the invalidation reached it through Redis, as revalidatePath's does.
    for (const node of [b, a])
      await poll(
        async () =>
          title((await node.get('/posts/first')).text) === 'Purged from the inspector' ? true : undefined,
        { what: `${node.name} serves the page regenerated after the inspector's purge` },
      )
    expect(upstream.count('/posts/first')).toBe(fetched + 1)
    const after = await b.get('/_fresco/inspector?prefix=/posts', { headers: { authorization } })
    expect(after.text).toMatch(
      /<tr data-tag="_N_T_\/posts\/first"><td>\/posts\/first <small>\(path\)<\/small>/,
    )
  })
})
