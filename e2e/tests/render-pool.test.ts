// `fresco start`'s render pool (renderWorkers: 1 in the fresco.config.mjs this test writes; default 0): cached pages render in a worker thread,
// so a render never holds the thread that answers HITs, and a render thread that crashes or hangs
// costs that render only. Counts and ordering, never timings: upstream requests from the test's data
// source, renders from a log the fixture appends to (`<threadId> <path>`, 0 = the main thread), and
// flags (files) the fixture's pages wait on.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  createApp,
  fixture,
  type Got,
  poll,
  type Server,
  sleep,
  startUpstream,
  threadNiceValues,
  type Upstream,
} from '../harness/index.js'

let upstream: Upstream
let app: App
let server: Server
let dir: string
let renderLog: string
let flags: string

beforeAll(async () => {
  upstream = await startUpstream()
  dir = mkdtempSync(join(tmpdir(), 'fresco-render-pool-'))
  renderLog = join(dir, 'renders.log')
  flags = join(dir, 'flags')
  mkdirSync(flags)
  writeFileSync(renderLog, '')
  const env = { UPSTREAM_URL: upstream.url, RENDER_LOG: renderLog, FLAG_DIR: flags }
  app = await createApp(fixture('render-pool'))
  // A short regeneration bound: the hung render is given up after 3 s, not the default 60 s.
  // renderWorkers: 1 turns the pool on (the default 0 renders on the main thread).
  writeFileSync(
    join(app.dir, 'fresco.config.mjs'),
    'export default { regenerationTimeout: 3, renderWorkers: 1 }\n',
  )
  const build = await app.build(env)
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  server = await app.start(env)
})

afterAll(async () => {
  await app?.cleanup()
  await upstream?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const setFlag = (name: string) => {
  writeFileSync(join(flags, name), '')
}
const clearFlag = (name: string) => rmSync(join(flags, name), { force: true })
const title = (got: Got) => got.text.match(/<h1>([^<]*)<\/h1>/)?.[1]
/** What a user sees of the Pages Router ISR page: status, cache state, title, getStaticProps' revalidateReason. */
const isrPage = (got: Got) => ({
  status: got.status,
  cache: got.cache,
  title: title(got),
  reason: got.text.match(/<p id="reason">([^<]*)<\/p>/)?.[1],
})
const ok = (cache: string, text: string, reason: string) => ({ status: 200, cache, title: text, reason })
const logSize = () => readFileSync(renderLog, 'utf8').length
/** The threads that rendered `path` (logged after byte `from`). */
function renders(path: string, from = 0): number[] {
  return readFileSync(renderLog, 'utf8')
    .slice(from)
    .split('\n')
    .filter((line) => line.endsWith(` ${path}`))
    .map((line) => Number(line.split(' ')[0]))
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const many = (n: number, path: string) => Promise.all(Array.from({ length: n }, () => server.get(path)))

/** Until `path` answers HIT with `expected`. */
const warm = (path: string, expected: string) =>
  poll(
    async () => {
      const got = await server.get(path)
      return got.cache === 'HIT' && title(got) === expected ? true : undefined
    },
    { what: `HIT ${path}` },
  )

describe('render threads (renderWorkers: 1)', () => {
  // The main thread waiting for its GC helpers must not wait behind a busy render thread
  // (node/helper-threads.cts): with render threads the helpers keep their priority.
  it.runIf(existsSync('/proc/self/task'))("leaves V8's helper threads at the normal priority", () => {
    const { main, others } = threadNiceValues(server.proc.child.pid as number)
    expect(main).toBe(0)
    expect(others.length).toBeGreaterThan(4)
    expect(others.filter((n) => n !== 0)).toEqual([])
  })

  it('renders a cached page in a render thread; a dynamic page renders on the thread answering it', async () => {
    const got = await server.get('/posts/1')
    expect(got.status).toBe(200)
    expect(got.cache).toBe('MISS')
    expect(title(got)).toBe('Title of /posts/1')
    const threads = renders('/posts/1')
    expect(threads).toHaveLength(1)
    expect(threads[0]).toBeGreaterThan(0)
    expect((await server.get('/data-dynamic/9')).status).toBe(200)
    expect(renders('/data-dynamic/9')).toEqual([0])
  })

  it('a render holding its thread synchronously never holds up HITs of another page', async () => {
    await warm('/posts/2', 'Title of /posts/2')
    let spinAnswered = false
    const spin = server.get('/spin/1').then((got) => {
      spinAnswered = true
      return got
    })
    await poll(async () => (renders('/spin/1').length === 1 ? true : undefined), { what: 'the spin' })
    // The spin holds its thread until the flag is set: without a render thread, none of these is answered.
    const hits: (string | null)[] = []
    for (let i = 0; i < 10; i++) hits.push((await server.get('/posts/2')).cache)
    expect(hits).toEqual(Array(10).fill('HIT'))
    expect(spinAnswered).toBe(false)
    setFlag('release-1')
    const got = await spin
    expect(got.status).toBe(200)
    expect(title(got)).toBe('Spun 1')
  })

  it('single flight: 50 concurrent requests render a new page once, and an invalidated one once', async () => {
    upstream.reset()
    let from = logSize()
    const first = await many(50, '/posts/3')
    expect(first.map(title)).toEqual(first.map(() => 'Title of /posts/3'))
    expect(renders('/posts/3', from)).toHaveLength(1)
    expect(upstream.count('/posts/3')).toBe(1)

    await warm('/posts/3', 'Title of /posts/3')
    upstream.edit('/posts/3', 'Three, edited')
    expect((await server.get('/api/revalidate?tag=post-3', { method: 'POST' })).status).toBe(200)
    from = logSize()
    const second = await many(50, '/posts/3')
    expect(second.map((g) => g.status)).toEqual(second.map(() => 200))
    await warm('/posts/3', 'Three, edited')
    expect(renders('/posts/3', from)).toHaveLength(1)
    expect(upstream.count('/posts/3')).toBe(2)
  })

  it("a pooled render's fetch, unstable_cache and after() reach the server's one cache", async () => {
    upstream.reset()
    const got = await server.get('/data/1')
    expect(got.status).toBe(200)
    expect(title(got)).toBe('Title of /data/1')
    expect(renders('/data/1')[0]).toBeGreaterThan(0)
    expect(upstream.count('/data/1')).toBe(1)
    expect(upstream.count('/uc/1')).toBe(1)
    await poll(async () => (upstream.count('/after/1') === 1 ? true : undefined), { what: 'after()' })
    // The main thread reads what the render thread stored: no second upstream request.
    const dynamic = await server.get('/data-dynamic/1')
    expect(title(dynamic)).toBe('Title of /data/1')
    expect(renders('/data-dynamic/1')).toEqual([0])
    expect(upstream.count('/data/1')).toBe(1)
    expect(upstream.count('/uc/1')).toBe(1)
    // An invalidation made on the main thread reaches the render thread's data reads.
    upstream.edit('/data/1', 'Data, edited')
    expect((await server.get('/api/revalidate?tag=data', { method: 'POST' })).status).toBe(200)
    await warm('/data/1', 'Data, edited')
    expect(upstream.count('/data/1')).toBe(2)
    expect(upstream.count('/uc/1')).toBe(2)
  })

  it('a render thread that crashes mid-regeneration: the last good page is served, a new thread renders the next one', async () => {
    await warm('/crash/1', 'Title of /crash/1')
    const before = renders('/crash/1')
    setFlag('crash')
    upstream.edit('/crash/1', 'Crash, edited')
    await sleep(1_100) // revalidate is 1 s: the next request regenerates in the background
    const from = logSize()
    const stale = await server.get('/crash/1')
    expect(stale.status).toBe(200)
    expect(title(stale)).toBe('Title of /crash/1')
    await poll(async () => (/render thread \d+ ended/.test(server.proc.output()) ? true : undefined), {
      what: 'the crash logged',
    })
    const during = await many(10, '/crash/1')
    expect(during.map((g) => [g.status, title(g)])).toEqual(during.map(() => [200, 'Title of /crash/1']))
    clearFlag('crash')
    await poll(
      async () => {
        const got = await server.get('/crash/1')
        expect(got.status).toBe(200)
        return title(got) === 'Crash, edited' ? true : undefined
      },
      { what: 'a regeneration after the crash', timeoutMs: 30_000 },
    )
    const crashed = renders('/crash/1', from)[0]
    expect(crashed).toBeGreaterThan(0)
    expect(renders('/crash/1', from).at(-1)).not.toBe(crashed) // a new thread
    expect(before.every((t) => t === crashed)).toBe(true)
  })

  it('a render thread stuck in synchronous work is ended after the regeneration timeout', async () => {
    await warm('/loop/1', 'Title of /loop/1')
    setFlag('loop')
    upstream.edit('/loop/1', 'Loop, edited')
    await sleep(1_100)
    const stale = await server.get('/loop/1')
    expect(stale.status).toBe(200)
    expect(title(stale)).toBe('Title of /loop/1')
    await poll(
      async () => (/did not answer for \d+ ms; ending it/.test(server.proc.output()) ? true : undefined),
      {
        what: 'the hung thread ended',
        timeoutMs: 30_000,
      },
    )
    expect(title(await server.get('/loop/1'))).toBe('Title of /loop/1')
    clearFlag('loop')
    await poll(
      async () => {
        const got = await server.get('/loop/1')
        expect(got.status).toBe(200)
        return title(got) === 'Loop, edited' ? true : undefined
      },
      { what: 'a regeneration after the hang', timeoutMs: 30_000 },
    )
  })

  it('a Pages Router ISR page regenerated on demand (res.revalidate) renders in a render thread, as the build rendered it', async () => {
    const from = logSize()
    const built = await server.get('/isr/1')
    expect(isrPage(built)).toEqual(ok('HIT', 'Title of /isr/1', 'build'))
    const buildId = /"buildId":"([^"]+)"/.exec(built.text)?.[1]
    expect(buildId).toBeTruthy()
    const dataUrl = `/_fresco/data/${buildId}/isr/1.json`
    const builtData = await server.get(dataUrl)
    expect(builtData.status).toBe(200)
    expect(renders('/isr/1', from)).toEqual([])

    const revalidated = await server.get('/api/revalidate-page?path=/isr/1')
    expect(revalidated.status).toBe(200)
    expect(JSON.parse(revalidated.text)).toEqual({ revalidated: true })
    const threads = renders('/isr/1', from)
    expect(threads).toHaveLength(1)
    expect(threads[0]).toBeGreaterThan(0)

    // The thread's entry is the build's page but for getStaticProps' revalidateReason: same HTML,
    // same data URL payload, same headers.
    const after = await server.get('/isr/1')
    expect(isrPage(after)).toEqual(ok('HIT', 'Title of /isr/1', 'on-demand'))
    expect(after.text.replaceAll('on-demand', 'build')).toBe(built.text)
    for (const name of ['content-type', 'cache-control'])
      expect([name, after.headers.get(name)]).toEqual([name, built.headers.get(name)])
    const afterData = await server.get(dataUrl)
    expect(afterData.status).toBe(200)
    expect(afterData.headers.get('content-type')).toBe(builtData.headers.get('content-type'))
    expect(JSON.parse(afterData.text)).toEqual(
      JSON.parse(builtData.text.replaceAll('"build"', '"on-demand"')),
    )
    expect(JSON.parse(afterData.text).pageProps).toEqual({
      text: 'Title of /isr/1',
      computed: 'Title of /pages-uc/1',
      reason: 'on-demand',
    })
    expect(renders('/isr/1', from)).toHaveLength(1)
  })

  it('a Pages Router first visit and stale regeneration render in a render thread; getServerSideProps on the main thread', async () => {
    upstream.reset()
    let from = logSize()
    const first = await server.get('/isr/s2')
    expect(isrPage(first)).toEqual(ok('MISS', 'Title of /isr/s2', 'stale'))
    const firstThreads = renders('/isr/s2', from)
    expect(firstThreads).toHaveLength(1)
    expect(firstThreads[0]).toBeGreaterThan(0)
    expect(upstream.count('/pages-uc/s2')).toBe(1)

    // The main thread reads the unstable_cache entry the render thread stored: no upstream request.
    const ssr = await server.get('/pages-ssr?id=s2')
    expect(ssr.status).toBe(200)
    expect(title(ssr)).toBe('Title of /pages-uc/s2')
    expect(renders('/pages-ssr')).toEqual([0])
    expect(upstream.count('/pages-uc/s2')).toBe(1)

    upstream.edit('/isr/s2', 'S2, edited')
    await sleep(1_100) // revalidate is 1 s: the next request regenerates in the background
    from = logSize()
    const stale = await server.get('/isr/s2')
    expect(isrPage(stale)).toEqual(ok('STALE', 'Title of /isr/s2', 'stale'))
    await poll(async () => (title(await server.get('/isr/s2')) === 'S2, edited' ? true : undefined), {
      what: 'the stale regeneration',
    })
    const regenerated = renders('/isr/s2', from)
    expect(regenerated.length).toBeGreaterThan(0)
    expect(regenerated.every((thread) => thread > 0)).toBe(true)
    expect(renders('/pages-ssr')).toEqual([0])
  })

  it("getStaticProps' notFound and redirect render in a render thread and answer as in process", async () => {
    const buildId = /"buildId":"([^"]+)"/.exec((await server.get('/isr/1')).text)?.[1]
    const from = logSize()
    const gone = await server.get('/isr/gone')
    expect(gone.status).toBe(404)
    expect(gone.headers.get('content-type')).toMatch(/^text\/html/)
    expect(JSON.parse((await server.get(`/_fresco/data/${buildId}/isr/gone.json`)).text)).toEqual({
      notFound: true,
    })
    const moved = await server.get('/isr/moved')
    expect(moved.status).toBe(307)
    expect(moved.headers.get('location')).toBe('/isr/1')
    const movedData = await server.get(`/_fresco/data/${buildId}/isr/moved.json`)
    expect(movedData.status).toBe(200)
    expect(JSON.parse(movedData.text)).toEqual({ redirect: { destination: '/isr/1', status: 307 } })
    // A 404 rendered after the build is never stored (a client chose the URL): its page and its data
    // URL each rendered once, in the thread. The redirect is stored: one render answers both.
    const gone404 = renders('/isr/gone', from)
    expect(gone404).toHaveLength(2)
    expect(gone404.every((thread) => thread > 0)).toBe(true)
    const movedThreads = renders('/isr/moved', from)
    expect(movedThreads).toHaveLength(1)
    expect(movedThreads[0]).toBeGreaterThan(0)
  })

  it('fallback: true answers the shell from the main thread and generates the page in a render thread', async () => {
    const from = logSize()
    const shell = await server.get('/shell/1')
    expect(shell.status).toBe(200)
    expect(shell.text).toContain('"isFallback":true')
    await warm('/shell/1', 'Title of /shell/1')
    const threads = renders('/shell/1', from)
    expect(threads).toHaveLength(1)
    expect(threads[0]).toBeGreaterThan(0)
  })

  it('SIGTERM ends the server and its render threads', async () => {
    const { pid } = JSON.parse((await server.get('/api/pid')).text) as { pid: number }
    expect(renders('/loop/1').at(-1)).toBeGreaterThan(0) // a render thread exists
    process.kill(pid, 'SIGTERM')
    await poll(async () => (alive(pid) ? undefined : true), { what: 'the server exited' })
    expect(server.proc.output()).toContain('SIGTERM received: finishing in-flight requests and cache writes')
    expect(server.proc.output()).not.toContain('exiting without them')
  })
})
