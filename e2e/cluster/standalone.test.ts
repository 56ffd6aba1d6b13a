// output: 'standalone' as a user deploys it: a blog (the cluster fixture: posts from the CMS, ISR
// with an 8 s window, the smallest blog fixture to build) built from the packed tarballs, its
// .fresco/standalone folder copied to an empty directory (no node_modules in it or above it), run
// with `node server.js`. The ISR walkthrough against it, then Redis chosen by REDIS_URL at start
// with readiness following a real redis-server killed and restarted.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type TestRedisServer } from '../../packages/cache/src/testing/redis-server.js'
import {
  type Cms,
  fixture,
  freePort,
  get,
  type Proc,
  poll,
  rawHttp,
  repoRoot,
  spawnProc,
  startCms,
} from '../harness/index.js'
import { type ClusterApp, createClusterApp } from './cluster-app.js'

let cms: Cms
let app: ClusterApp
let redis: TestRedisServer
let dir: string
let buildOutput: string
const procs = new Set<Proc>()

/** `node server.js` in the copied folder, resolved once it answers. */
async function runServer(env: Record<string, string>) {
  const port = await freePort()
  const proc = spawnProc(process.execPath, ['server.js'], {
    cwd: dir,
    env: { ...env, PORT: String(port), HOSTNAME: '127.0.0.1' },
    label: 'node server.js',
  })
  procs.add(proc)
  const url = `http://127.0.0.1:${port}`
  await poll(
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`server.js exited:\n${proc.output()}`)
      return (await fetch(`${url}/_fresco/health`)).ok ? true : undefined
    },
    { what: `node server.js on ${url}`, timeoutMs: 60_000, intervalMs: 200 },
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n${proc.output().slice(-4000)}`)
  })
  return { url, port, proc, get: (path: string, init?: RequestInit) => get(url + path, init) }
}

/** The documented Dockerfile's HEALTHCHECK command, run here as Docker would run it in the container. */
function dockerHealthcheck(port: number): number | null {
  const dockerfile = readFileSync(join(repoRoot, 'docs/deploy/docker/Dockerfile'), 'utf8')
  expect(dockerfile).toContain('COPY --from=builder --chown=node:node /app/.fresco/standalone ./')
  expect(dockerfile).toContain('CMD ["node", "server.js"]')
  const cmd = JSON.parse(
    /^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? 'null',
  ) as string[]
  expect(cmd[0]).toBe('node')
  return spawnSync(process.execPath, cmd.slice(1), { env: { ...process.env, PORT: String(port) } }).status
}

beforeAll(async () => {
  ;[cms, redis] = await Promise.all([startCms({ seed: 25 }), startRedisServer()])
  app = await createClusterApp(fixture('cluster'))
  // The Next way to ask for it, and a TypeScript fresco.config that reads the environment at start.
  writeFileSync(join(app.dir, 'next.config.mjs'), "export default { output: 'standalone' }\n")
  writeFileSync(
    join(app.dir, 'fresco.config.ts'),
    "import { defineConfig } from '@fresco/framework/config'\n" +
      "const prefix: string = process.env.APP_PREFIX ?? 'fresco'\n" +
      'export default defineConfig({ redis: { prefix } })\n',
  )
  const build = await app.build({ CMS_URL: cms.url })
  buildOutput = build.output
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  dir = mkdtempSync(join(tmpdir(), 'fresco-standalone-'))
  cpSync(join(app.dir, '.fresco', 'standalone'), dir, { recursive: true })
}, 240_000)

afterAll(async () => {
  await Promise.all([...procs].map((p) => p.stop()))
  await Promise.all([app?.cleanup(), cms?.stop(), redis?.stop()])
  if (dir && !process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true })
})

describe('the standalone folder', () => {
  it('holds the runtime packages it needs and not the build tool chain', () => {
    expect(buildOutput).toMatch(/Standalone server in \.fresco\/standalone/)
    for (let d = dir; d !== dirname(d); d = dirname(d)) {
      if (d !== dir) expect(existsSync(join(d, 'node_modules')), `${d}/node_modules`).toBe(false)
    }
    // React is bundled into the server bundle; these are imported from node_modules at run time.
    for (const pkg of ['@fresco/framework', '@fresco/cache', 'ioredis'])
      expect(existsSync(join(dir, 'node_modules', pkg, 'package.json')), pkg).toBe(true)
    for (const pkg of ['vite', '@vitejs/plugin-rsc', '@vercel/nft', 'rolldown'])
      expect(existsSync(join(dir, 'node_modules', pkg)), pkg).toBe(false)
    expect(readFileSync(join(dir, 'server.js'), 'utf8')).toContain('runStandalone')
  })

  it('stops with one line naming PORT or KEEP_ALIVE_TIMEOUT when it is not valid', () => {
    const failed = (env: Record<string, string>) => {
      const run = spawnSync(process.execPath, ['server.js'], {
        cwd: dir,
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(run.status).toBe(1)
      return run.stderr.trim()
    }
    expect(failed({ PORT: '80a' })).toBe(
      "[fresco] The environment variable PORT='80a' is invalid. Use a port number from 0 to 65535 (0: any free port).",
    )
    expect(failed({ KEEP_ALIVE_TIMEOUT: '65s' })).toMatch(
      /^\[fresco\] The environment variable KEEP_ALIVE_TIMEOUT='65s' is invalid\./,
    )
  })

  it('serves the prerendered cache (HIT), regenerates after the window, answers 404 and health', async () => {
    const server = await runServer({ CMS_URL: cms.url })
    await cms.reset()
    // Both answered from the cache the build prerendered and the folder carries: the static home
    // page a HIT, the ISR post a HIT or, once its 8 s window has passed, STALE — never a MISS.
    const home = await server.get('/')
    expect(home.status).toBe(200)
    expect(home.cache).toBe('HIT')
    const first = await server.get('/posts/1')
    expect(first.status).toBe(200)
    expect(['HIT', 'STALE']).toContain(first.cache)
    expect(first.text).toContain('<h1>Post 1: notes on')
    expect(await cms.count('/blog/1')).toBeLessThanOrEqual(1) // at most the background refresh after STALE

    await cms.edit(14, { title: 'Standalone fourteen, second edition' })
    const stale = await poll(
      async () => {
        const r = await server.get('/posts/14')
        return r.cache === 'STALE' ? r : undefined
      },
      { intervalMs: 200, what: '/posts/14 STALE' },
    )
    expect(stale.text).not.toContain('second edition')
    const fresh = await poll(
      async () => {
        const r = await server.get('/posts/14')
        return r.text.includes('Standalone fourteen, second edition') ? r : undefined
      },
      { what: 'the regenerated /posts/14' },
    )
    expect(fresh.cache).toBe('HIT') // the ISR post, regenerated into the cache
    expect(await cms.count('/blog/14')).toBe(1)

    const missing = await server.get('/no/such/page')
    expect(missing.status).toBe(404)
    expect(missing.text).toContain('This page could not be found.')

    const ready = await server.get('/_fresco/ready?x=<script>')
    expect(ready.status).toBe(200)
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', cache: { handler: 'fs', state: 'writable' } })
    expect(ready.headers.get('cache-control')).toBe('no-store')
    expect((await server.get('/_fresco/health')).text).toBe('{"status":"ok"}\n')
    // Hostile requests: never a 5xx, never anything but the fixed answers.
    const post = await server.get('/_fresco/ready', { method: 'POST', body: 'x'.repeat(5000) })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    for (const head of [
      'GET /_fresco/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n',
      'GET /_fresco/ready%00 HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /_fresco/ready/../health HTTP/1.1\r\nHost: x\r\n\r\n',
      'DELETE /_fresco/health HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc',
    ])
      expect((await rawHttp(server.url, head)).status, head).toBeLessThan(500)
    expect(dockerHealthcheck(server.port)).toBe(0)
    await server.proc.stop()
    expect(dockerHealthcheck(server.port)).toBe(1)
  })

  it('uses Redis when REDIS_URL is set at start; readiness follows a redis-server killed and restarted', async () => {
    const server = await runServer({
      CMS_URL: cms.url,
      REDIS_URL: redis.url,
      APP_PREFIX: 'sa-e2e',
      KEEP_ALIVE_TIMEOUT: '65000', // as Next's server.js: above a load balancer's 60 s idle timeout
    })
    const ready = await server.get('/_fresco/ready')
    expect(ready.status).toBe(200)
    expect(ready.headers.get('keep-alive')).toBe('timeout=65')
    expect(JSON.parse(ready.text).cache).toEqual({ handler: 'redis', state: 'up' })
    expect((await server.get('/posts/3')).cache).toBe('MISS') // Redis starts empty
    expect((await server.get('/posts/3')).cache).toBe('HIT')
    // The entry is in Redis under the prefix fresco.config read from the environment at start.
    const keys = execFileSync('redis-cli', ['-p', String(redis.port), '--scan', '--pattern', 'sa-e2e:*'])
    expect(keys.toString()).toMatch(/sa-e2e:.*\/posts\/3/)

    await redis.kill()
    const down = await poll(
      async () => {
        const r = await server.get('/_fresco/ready')
        return r.status === 503 ? r : undefined
      },
      { what: 'readiness 503 with Redis down' },
    )
    expect(JSON.parse(down.text)).toEqual({ status: 'not-ready', cache: { handler: 'redis', state: 'down' } })
    expect(down.headers.get('cache-control')).toBe('no-store')
    expect((await server.get('/_fresco/health')).status).toBe(200) // alive: no restart for a Redis outage
    expect((await server.get('/posts/3')).status).toBe(200) // pages are still served

    await redis.restart()
    const back = await poll(
      async () => {
        const r = await server.get('/_fresco/ready')
        return r.status === 200 ? r : undefined
      },
      { what: 'readiness 200 with Redis back', timeoutMs: 30_000 },
    )
    expect(JSON.parse(back.text).cache).toEqual({ handler: 'redis', state: 'up' })
    await server.proc.stop()
  })
})
