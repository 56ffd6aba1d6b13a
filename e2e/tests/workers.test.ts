// `fresco start --workers 2`: two worker processes on one port over one embedded cache (memory L1
// in each worker, the fs store owned by the primary). Counts, not timings: upstream requests from
// the test's own data source, renders from a log every worker appends to (`<pid> <path>`). Every
// request here opens a new connection, so node's cluster hands them to the workers in turn.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  createApp,
  fixture,
  poll,
  type Server,
  sleep,
  startUpstream,
  threadNiceValues,
  type Upstream,
} from '../harness/index.js'

interface Answer {
  status: number
  cache: string | undefined
  text: string
}

/** One request on a connection of its own (no keep-alive agent): the cluster picks the worker. */
function fresh(path: string, method = 'GET', timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, agent: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          cache: res.headers['x-fresco-cache'] as string | undefined,
          text: text.replaceAll('<!-- -->', ''),
        }),
      )
      res.on('error', reject)
    })
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout: ${method} ${path}`)))
    req.on('error', reject)
    req.end()
  })
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const many = (n: number, path: string) => Promise.all(Array.from({ length: n }, () => fresh(path)))
const title = (text: string) => text.match(/<h1>([^<]*)<\/h1>/)?.[1]
const whoAnswers = async () =>
  JSON.parse((await fresh('/api/worker')).text) as { pid: number; primary: number }
const pidOf = async () => (await whoAnswers()).pid

let upstream: Upstream
let app: App
let server: Server
let logDir: string
let renderLog: string

beforeAll(async () => {
  upstream = await startUpstream()
  logDir = mkdtempSync(join(tmpdir(), 'fresco-workers-log-'))
  renderLog = join(logDir, 'renders.log')
  writeFileSync(renderLog, '')
  const env = { UPSTREAM_URL: upstream.url, RENDER_LOG: renderLog }
  app = await createApp(fixture('workers'))
  const build = await app.build(env)
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  server = await app.start(env, undefined, ['--workers', '2'])
})

afterAll(async () => {
  await app?.cleanup()
  await upstream?.close()
  if (logDir) rmSync(logDir, { recursive: true, force: true })
})

/** Renders of `path` logged after byte `from`, as the pids that rendered. */
function renders(path: string, from = 0): number[] {
  return readFileSync(renderLog, 'utf8')
    .slice(from)
    .split('\n')
    .filter((line) => line.endsWith(` ${path}`))
    .map((line) => Number(line.split(' ')[0]))
}
const logSize = () => readFileSync(renderLog, 'utf8').length

/** Until 8 requests in a row (4 per worker) answer HIT with `expected`. */
async function warm(path: string, expected: string): Promise<void> {
  await poll(
    async () => {
      const answers = await Promise.all(Array.from({ length: 8 }, () => fresh(path)))
      return answers.every((a) => a.cache === 'HIT' && title(a.text) === expected) ? true : undefined
    },
    { what: `every worker HIT ${path}` },
  )
}

describe('fresco start --workers 2', () => {
  it('says how many workers serve, and new connections reach both', async () => {
    const banner =
      /Fresco ready on http:\/\/localhost:\d+ \(build \S+, 2 workers, one fs cache shared by the workers\)/
    await poll(async () => (banner.test(server.proc.output()) ? true : undefined), { what: 'the banner' })
    const pids = new Set(await Promise.all(Array.from({ length: 8 }, pidOf)))
    expect(pids.size).toBe(2)
  })

  it('revalidateTag on one worker: no request after it is served the old content', async () => {
    await warm('/posts/1', 'Title of /posts/1')
    upstream.edit('/posts/1', 'One, edited')
    upstream.reset()
    const done = await fresh('/api/revalidate?tag=post-1', 'POST')
    expect(done.status).toBe(200)
    const after = await many(20, '/posts/1')
    expect(after.map((a) => title(a.text))).toEqual(after.map(() => 'One, edited'))
    // One worker rendered it (blocking); the other found its entry under the lease.
    expect(upstream.count('/posts/1')).toBe(1)
  })

  it('revalidatePath on one worker: every worker renders the path anew on its next request', async () => {
    await warm('/posts/2', 'Title of /posts/2')
    upstream.edit('/posts/2', 'Two, edited')
    const from = logSize()
    expect((await fresh('/api/revalidate?path=/posts/2', 'POST')).status).toBe(200)
    const after = await many(20, '/posts/2')
    expect(after.filter((a) => title(a.text) !== 'Two, edited')).toEqual([])
    expect(renders('/posts/2', from)).toHaveLength(1)
  })

  it('a stale page under 60 concurrent requests on both workers regenerates exactly once', async () => {
    await warm('/fast/1', 'Title of /fast/1')
    await sleep(2_200) // revalidate is 2 s: every copy (both L1s and the store) goes stale
    upstream.reset()
    const from = logSize()
    const burst = await many(60, '/fast/1')
    expect(burst.map((a) => a.status)).toEqual(burst.map(() => 200))
    expect(burst.filter((a) => a.cache === 'MISS')).toEqual([])
    expect(burst.some((a) => a.cache === 'STALE')).toBe(true)
    await poll(async () => (renders('/fast/1', from).length > 0 ? true : undefined), {
      what: 'the regeneration',
    })
    await warm('/fast/1', 'Title of /fast/1') // within the new 2 s window: no second regeneration yet
    expect(renders('/fast/1', from)).toHaveLength(1)
    expect(upstream.count('/fast/1')).toBe(1)
  })

  it('an unknown page under 60 concurrent requests on both workers is rendered once', async () => {
    const from = logSize()
    const burst = await many(60, '/posts/4')
    expect(burst.map((a) => title(a.text))).toEqual(burst.map(() => 'Title of /posts/4'))
    expect(renders('/posts/4', from)).toHaveLength(1)
    expect(upstream.count('/posts/4')).toBe(1)
  })

  it('a render in progress never holds up HITs, on either worker', async () => {
    await warm('/posts/5', 'Title of /posts/5')
    let slowDone = false
    const slow = fresh('/slow/1').then((a) => {
      slowDone = true
      return a
    })
    await poll(async () => (upstream.count('/gate/1') > 0 ? true : undefined), {
      what: 'the slow render started',
    })
    const hits = await many(20, '/posts/5')
    expect(slowDone).toBe(false) // the render is still waiting for its gate
    expect(hits.map((a) => a.cache)).toEqual(hits.map(() => 'HIT'))
    upstream.open('/gate/1')
    const answer = await slow
    expect([answer.status, answer.cache, title(answer.text)]).toEqual([200, 'MISS', 'Title of /gate/1'])
  })

  // A worker waiting for its GC helpers must not wait behind the other workers' busy threads
  // (node/helper-threads.cts): with --workers the helpers keep their priority.
  it.runIf(existsSync('/proc/self/task'))(
    "leaves each worker's V8 helper threads at the normal priority",
    async () => {
      const { main, others } = threadNiceValues(await pidOf())
      expect(main).toBe(0)
      expect(others.length).toBeGreaterThan(4)
      expect(others.filter((n) => n !== 0)).toEqual([])
    },
  )

  it('a killed worker is logged and replaced; the server keeps answering', async () => {
    const before = new Set(await Promise.all(Array.from({ length: 8 }, pidOf)))
    const [victim] = [...before]
    process.kill(victim!, 'SIGKILL')
    // A connection the primary handed to the worker as it died is lost with it (node:cluster): a
    // short bound per request, so such a request is only a failed attempt of the poll.
    const pidSoon = async () =>
      (JSON.parse((await fresh('/api/worker', 'GET', 2000)).text) as { pid: number }).pid
    await poll(
      async () => {
        const pids = new Set(await Promise.all(Array.from({ length: 8 }, pidSoon)))
        return pids.size === 2 && !pids.has(victim!) ? true : undefined
      },
      { what: 'a new worker serving beside the survivor' },
    )
    expect(server.proc.output()).toMatch(
      new RegExp(`worker \\d \\(pid ${victim}\\) was killed by SIGKILL; starting a new one`),
    )
    // The new worker reads the shared cache: no render for a page another worker made.
    const from = logSize()
    await warm('/posts/4', 'Title of /posts/4')
    expect(renders('/posts/4', from)).toEqual([])
  })

  it('SIGTERM stops every worker and the primary, cleanly', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, whoAnswers))
    const pids = new Set(answers.flatMap((a) => [a.pid, a.primary]))
    expect(pids.size).toBe(3)
    const primary = answers[0]!.primary
    process.kill(primary, 'SIGTERM') // the primary alone, as a container runtime signals PID 1
    await poll(async () => ([...pids].every((pid) => !alive(pid)) ? true : undefined), {
      what: 'every worker and the primary exited',
    })
    expect(server.proc.output()).toContain('SIGTERM received: finishing in-flight requests and cache writes')
    expect(server.proc.output()).toContain('shutdown asked by the primary: finishing in-flight requests')
  })
})
