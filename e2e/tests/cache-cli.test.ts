// `fresco cache` against a built app served by a real `fresco start` on the same fs cache: ls
// shows the prerendered pages, show gives the server's verdict, read-only commands change no
// byte or mtime, and purge (by tag, by path) reaches the running server, whose next answer is a
// MISS that regenerates. Errors name what to do.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  createApp,
  fixture,
  poll,
  runProc,
  type Server,
  startUpstream,
  type Upstream,
} from '../harness/index.js'

let upstream: Upstream
let app: App
let server: Server

/** The app's own `fresco` binary, run in `cwd` (the app's folder unless a test says otherwise). */
const cli = (args: string[], cwd = app.dir) =>
  runProc(join(app.dir, 'node_modules', '.bin', 'fresco'), ['cache', ...args], {
    cwd,
    label: `fresco cache ${args.join(' ')}`,
  })

async function json<T>(args: string[]): Promise<T> {
  const { code, output } = await cli([...args, '--json'])
  expect(code, output).toBe(0)
  return JSON.parse(output) as T
}

interface View {
  key: string
  path?: string
  kind: string
  revalidate: number | false
  tags: string[]
  bytes: number
  verdict: string
  reason: string
}

/** Every file of the cache directory with its size and mtime. */
function snapshot(dir: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {}
  for (const name of readdirSync(dir)) {
    const s = statSync(join(dir, name))
    out[name] = [s.size, s.mtimeMs]
  }
  return out
}

beforeAll(async () => {
  upstream = await startUpstream()
  app = await createApp(fixture('ops'))
  const build = await app.build({ UPSTREAM_URL: upstream.url })
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  server = await app.start({ UPSTREAM_URL: upstream.url })
}, 300_000)

afterAll(async () => {
  await app?.cleanup()
  await upstream?.close()
})

describe('fresco cache over the fs handler', () => {
  it('ls lists the prerendered pages with kind, revalidate, tags and bytes', async () => {
    const table = await cli(['ls'])
    expect(table.code, table.output).toBe(0)
    expect(table.output).toMatch(/^KEY\s+KIND\s+STATE\s+AGE\s+REVALIDATE\s+EXPIRE\s+BYTES\s+TAGS/m)
    expect(table.output).toMatch(/^\/posts\/first\s+page\s+\S+\s+\d+s\s+10s\s/m)
    expect(table.output).toMatch(/^\/\s+page\s+fresh\s/m)

    const views = await json<View[]>(['ls'])
    const post = views.find((v) => v.path === '/posts/first')
    expect(post).toMatchObject({ kind: 'page', revalidate: 10 })
    expect(post?.tags).toContain('post-first')
    expect(post?.bytes).toBeGreaterThan(100)
    // Its data entry: the fetch, tagged like the page.
    expect(views.some((v) => v.kind === 'fetch' && v.tags.includes('post-first'))).toBe(true)
    // A prefix filters by path.
    const posts = await json<View[]>(['ls', '/posts'])
    expect(posts.map((v) => v.path)).toEqual(['/posts/first'])
  })

  it('ls, show and stats change nothing in the cache directory', async () => {
    const dir = join(app.dir, '.fresco', 'cache')
    const before = snapshot(dir)
    for (const args of [
      ['ls'],
      ['ls', '--json'],
      ['show', '/posts/first'],
      ['show', '/'],
      ['stats'],
      ['stats', '--json'],
      ['show', '/nope'],
    ])
      await cli(args)
    expect(snapshot(dir)).toEqual(before)
  })

  it('purge --tag reaches the running server: show says tag-expired, the next request regenerates', async () => {
    // Fresh first: the server regenerates the post (its 10 s window may have passed since the build).
    await poll(
      async () => {
        await server.get('/posts/first')
        const view = await json<View>(['show', '/posts/first'])
        return view.verdict === 'fresh' ? view : undefined
      },
      { what: '/posts/first fresh in the cache', timeoutMs: 30_000 },
    )
    const fetched = upstream.count('/posts/first')
    const purge = await cli(['purge', '--tag', 'post-first'])
    expect(purge.code, purge.output).toBe(0)
    expect(purge.output).toContain('Invalidated post-first in fs ')

    const view = await json<View>(['show', '/posts/first'])
    expect(view.verdict).toBe('tag-expired')
    expect(view.reason).toBe('tag post-first expired')
    const text = await cli(['show', '/posts/first'])
    expect(text.output).toMatch(/verdict\s+tag-expired: tag post-first expired/)
    expect(text.output).toMatch(/served as\s+MISS/)

    // The server reads the journal within a second: its next answer is a MISS with new data.
    upstream.edit('/posts/first', 'Edited first')
    const miss = await poll(
      async () => {
        const res = await server.get('/posts/first')
        return res.cache === 'MISS' ? res : undefined
      },
      { what: 'a MISS after purge --tag' },
    )
    expect(miss.text).toContain('<h1>Edited first</h1>')
    expect(upstream.count('/posts/first')).toBe(fetched + 1)
    expect((await server.get('/posts/first')).cache).toBe('HIT')
  })

  it('purge <path> is revalidatePath(path): that page only', async () => {
    await server.get('/')
    expect((await server.get('/')).cache).toBe('HIT')
    const purge = await cli(['purge', '/', '--json'])
    expect(JSON.parse(purge.output)).toMatchObject({ purged: ['_N_T_/'] })
    await poll(async () => ((await server.get('/')).cache === 'MISS' ? true : undefined), {
      what: 'a MISS of / after purge /',
    })
    expect((await server.get('/posts/first')).cache).toBe('HIT')
  })

  it('stats counts entries by kind and state', async () => {
    const stats = await json<{
      entries: number
      byKind: Record<string, number>
      store: string
      tagStates: number
    }>(['stats'])
    expect(stats.store).toBe(`fs ${join(app.dir, '.fresco', 'cache')}`)
    expect(stats.byKind.page).toBeGreaterThanOrEqual(2)
    expect(stats.byKind.fetch).toBeGreaterThanOrEqual(1)
    expect(stats.tagStates).toBeGreaterThanOrEqual(2)
    const text = await cli(['stats'])
    expect(text.output).toMatch(/^entries\s+\d+ \(\d+ of this build's routes\)/m)
  })

  it('says what to do: unknown path, no build, bad usage', async () => {
    const missing = await cli(['show', '/nope'])
    expect(missing.code).not.toBe(0)
    expect(missing.output).toContain('[fresco] No cache entry for /nope (key route:')
    expect(missing.output).toContain('`fresco cache ls` lists what is stored.')

    const empty = mkdtempSync(join(tmpdir(), 'fresco-cache-cli-'))
    try {
      const nobuild = await cli(['ls'], empty)
      expect(nobuild.code).not.toBe(0)
      expect(nobuild.output).toContain('No build in')
      expect(nobuild.output).toContain('Run `fresco build` first')
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }

    const unknown = await cli(['drop'])
    expect(unknown.output).toContain(
      "[fresco] Unknown command 'drop'. Run `fresco cache --help` for the commands.",
    )
    const both = await cli(['purge', '/', '--tag', 'x'])
    expect(both.output).toContain('Give either a path or --tag, not both.')
    const help = await cli(['--help'])
    expect(help.output).toContain('purge --tag <tag>')
  })
})
