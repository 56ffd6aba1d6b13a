// One real `fresco build` + `fresco start` of a small app: the spine end to end (render,
// prerender, route cache headers, dynamic pages, route handlers, actions' guards, shutdown).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildAndServe, runCli } from './fixture.js'

const files = {
  'app/layout.tsx': `
export const metadata = { title: { default: 'Spine', template: '%s | Spine' } }
export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>
}`,
  'app/page.tsx': `export default function Home() { return <h1>home page</h1> }`,
  'app/not-found.tsx': `export default function NotFound() { return <h1>custom not found</h1> }`,
  'app/posts/[id]/page.tsx': `
import { notFound } from 'next/navigation'
export const revalidate = 60
export function generateStaticParams() { return [{ id: '1' }, { id: 'a b' }] }
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: 'Post ' + (await params).id }
}
export default async function Post({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  if (id === 'missing') notFound()
  return <p>post {id}</p>
}`,
  'app/me/page.tsx': `
import { cookies } from '@fresco/framework/headers'
export default async function Me() {
  return <p>hello {(await cookies()).get('name')?.value ?? 'stranger'}</p>
}`,
  'app/api/time/route.ts': `
export const revalidate = 30
export function GET() { return Response.json({ at: Date.now() }) }`,
  'app/votes/store.ts': 'export const votes = { count: 0 }',
  'app/votes/actions.ts': `'use server'
import { revalidatePath } from 'next/cache'
import { votes } from './store'
export async function vote() { votes.count++; revalidatePath('/votes') }`,
  'app/votes/page.tsx': `
import { vote } from './actions'
import { votes } from './store'
export default function Votes() {
  return <form action={vote}><p>votes: {votes.count}</p><button type="submit">vote</button></form>
}`,
  // A client page is legal in Next.js; it used to stall the prerender and end the build with exit 0.
  'app/client/page.tsx': `'use client'
import { useState } from 'react'
export default function Counter() {
  const [n, setN] = useState(0)
  return <button type="button" onClick={() => setN(n + 1)}>client count {n}</button>
}`,
  // The app's own file under /assets/, the prefix Fresco's build output once used.
  'public/assets/x.txt': 'my file\n',
  'app/api/echo/route.ts': `export async function POST(req: Request) { return new Response(await req.text()) }`,
}

const app = buildAndServe(files, 120_000)
const get = app.get

describe('fresco build + start', () => {
  it('serves a prerendered static page from the route cache', async () => {
    const res = await get('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('x-fresco-cache')).toBe('HIT')
    expect(res.headers.get('cache-control')).toBe('s-maxage=31536000')
    const html = await res.text()
    expect(html).toContain('<h1>home page</h1>')
    expect(html).toContain('<title>Spine</title>')
    expect(html).toMatch(/<script[^>]*>import\("\/_fresco\/static\/[^"]+\.js"\)<\/script>/)
    expect(html).toContain('__FLIGHT_DATA')
  })

  it("prerenders a 'use client' page as a static page", async () => {
    const res = await get('/client')
    expect(res.status).toBe(200)
    expect(res.headers.get('x-fresco-cache')).toBe('HIT')
    expect(res.headers.get('cache-control')).toBe('s-maxage=31536000')
    expect(await res.text()).toContain('client count <!-- -->0')
  })

  it('serves the build output immutable under /_fresco/static/, and public/assets/* as next start does', async () => {
    const html = await (await get('/')).text()
    const script = /import\("(\/_fresco\/static\/[^"]+\.js)"\)/.exec(html)?.[1] as string
    const asset = await get(script)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const mine = await get('/assets/x.txt')
    expect(await mine.text()).toBe('my file\n')
    expect(mine.headers.get('cache-control')).toBe('public, max-age=0')
    expect(mine.headers.get('etag')).toBeTruthy()
    expect(mine.headers.get('last-modified')).toBeTruthy()
  })

  it('prerenders params that need percent-encoding with their decoded value', async () => {
    const res = await get('/posts/a%20b')
    expect(res.headers.get('x-fresco-cache')).toBe('HIT')
    expect(await res.text()).toContain('<title>Post a b | Spine</title>')
  })

  it('prerenders generateStaticParams with ISR headers and metadata', async () => {
    const res = await get('/posts/1')
    expect(res.headers.get('x-fresco-cache')).toBe('HIT')
    expect(res.headers.get('cache-control')).toBe('s-maxage=60, stale-while-revalidate=31535940')
    const html = await res.text()
    expect(html).toContain('<title>Post 1 | Spine</title>')
    expect(html).toContain('post <!-- -->1')
  })

  it('renders unknown params on demand (MISS), then serves them cached', async () => {
    const first = await get('/posts/7')
    expect(first.headers.get('x-fresco-cache')).toBe('MISS')
    expect(await first.text()).toContain('post <!-- -->7')
    const second = await get('/posts/7')
    expect(second.headers.get('x-fresco-cache')).toBe('HIT')
  })

  it('serves the RSC payload on its own URL', async () => {
    const res = await get('/_fresco/rsc/posts/1')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/x-component')
    expect(await res.text()).toContain('"pathname":"/posts/1"')
  })

  it('answers 404 with the not-found page for notFound() and unknown URLs', async () => {
    const missing = await get('/posts/missing')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('custom not found')
    const unknown = await get('/no/such/page')
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain('custom not found')
  })

  it('renders pages that read cookies per request, never cached', async () => {
    const res = await get('/me', { headers: { cookie: 'name=ada' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-cache, no-store, max-age=0, must-revalidate')
    expect(res.headers.get('x-fresco-cache')).toBeNull()
    expect(await res.text()).toContain('hello <!-- -->ada')
  })

  it('caches an ISR GET route handler and runs other methods per request', async () => {
    const a = await get('/api/time')
    expect(a.headers.get('x-fresco-cache')).toBe('HIT')
    const b = await get('/api/time')
    expect(await b.json()).toEqual(await a.json())
    const echo = await get('/api/echo', { method: 'POST', body: 'ping' })
    expect(await echo.text()).toBe('ping')
    const put = await get('/api/echo', { method: 'PUT' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('OPTIONS, POST')
  })

  it('refuses cross-site and oversized Server Action posts with clear messages', async () => {
    const csrf = await get('/', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'x-fresco-action': 'x' },
    })
    expect(csrf.status).toBe(403)
    expect(await csrf.text()).toContain('does not match Host')
    const big = await get('/', {
      method: 'POST',
      headers: { 'x-fresco-action': 'x', 'content-type': 'text/plain' },
      body: 'x'.repeat(1024 * 1024 + 1),
    })
    expect(big.status).toBe(413)
  })

  it('answers warm HITs synchronously with the same bytes and headers; the rest falls through', async () => {
    // The first request of a route loads it; later ones take the synchronous HIT path.
    const first = await get('/posts/1')
    const body = await first.text()
    for (let i = 0; i < 2; i++) {
      const hit = await get('/posts/1?ignored=1')
      expect(hit.headers.get('x-fresco-cache')).toBe('HIT')
      expect(hit.headers.get('cache-control')).toBe(first.headers.get('cache-control'))
      expect(hit.headers.get('etag')).toBe(first.headers.get('etag'))
      expect(await hit.text()).toBe(body)
      const etag = first.headers.get('etag') as string
      const notModified = await get('/posts/1', { headers: { 'if-none-match': etag } })
      expect(notModified.status).toBe(304)
      expect(notModified.headers.get('x-fresco-cache')).toBe('HIT')
      const head = await get('/posts/1', { method: 'HEAD', headers: { 'accept-encoding': 'identity' } })
      expect(head.status).toBe(200)
      expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(body)))
      expect(await head.text()).toBe('')
      const slash = await get('/posts/1/')
      expect(slash.status).toBe(308)
      expect(slash.headers.get('location')).toBe('/posts/1')
      const prefetch = await get('/_fresco/rsc/posts/1', { headers: { 'x-fresco-prefetch': 'auto' } })
      expect(prefetch.headers.get('x-fresco-cache')).toBe('HIT')
      expect(prefetch.headers.get('content-type')).toContain('text/x-component')
      await prefetch.arrayBuffer()
      // A cached page reads no request headers: credentials are served the same HIT (as in Next.js).
      const authorized = await get('/posts/1', {
        headers: { authorization: 'Bearer t', 'accept-encoding': 'identity' },
      })
      expect(authorized.headers.get('x-fresco-cache')).toBe('HIT')
      expect(await authorized.text()).toBe(body)
      expect((await get('/posts/missing')).status).toBe(404)
    }
  })

  it('runs a Server Action posted without JS and re-renders the revalidated page', async () => {
    await (await get('/votes')).text() // loads the route: the next requests take the HIT path
    const before = await get('/votes')
    expect(before.headers.get('x-fresco-cache')).toBe('HIT')
    const html = await before.text()
    expect(html).toContain('votes: <!-- -->0')
    const field = /name="(\$ACTION_ID_[^"]+)"/.exec(html)?.[1]
    expect(field).toBeDefined()
    const form = new FormData()
    form.set(field as string, '')
    const posted = await get('/votes', { method: 'POST', body: form, headers: { origin: app.url } })
    expect(posted.status).toBe(200)
    expect(posted.headers.get('x-fresco-revalidated')).toBe(encodeURIComponent('_N_T_/votes'))
    expect(await posted.text()).toContain('votes: <!-- -->1')
    const after = await get('/votes')
    expect(after.headers.get('x-fresco-cache')).toBe('MISS')
    expect(await after.text()).toContain('votes: <!-- -->1')
  })

  it('a second fresco start on a port in use exits 1 with one line naming --port and PORT', async () => {
    const port = new URL(app.url).port
    const { code, output } = await runCli(app.root, ['start', '--port', port, '--hostname', '127.0.0.1'])
    expect(code).toBe(1)
    expect(output.trim()).toBe(
      `[fresco] Port ${port} is already in use on 127.0.0.1. Stop the process using it, or choose another port: --port ${Number(port) + 1} (or PORT=${Number(port) + 1}).`,
    )
  }, 30_000)

  // node/helper-threads.cts: the thread that answers and libuv's pool (its I/O) at the normal
  // priority, V8's helper threads (garbage collection) at the lowest.
  it.runIf(existsSync('/proc/self/task'))(
    "serves with V8's helper threads at the lowest priority, its own thread and libuv's pool at the normal one",
    async () => {
      const res = await fetch(`${app.url}/`)
      expect(res.status).toBe(200)
      const pid = app.server.child.pid as number
      const nice = (tid: string) =>
        Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16])
      const tids = readdirSync(`/proc/${pid}/task`)
      const others = tids.filter((tid) => tid !== String(pid)).map(nice)
      expect(nice(String(pid))).toBe(0)
      // Four V8 workers (node's default pool) at 19; libuv's four at 0, started by the cache's reads.
      expect(others.filter((n) => n === 19).length).toBeGreaterThanOrEqual(4)
      expect(others.filter((n) => n === 0).length).toBeGreaterThanOrEqual(4)
    },
  )

  it('shuts down gracefully on SIGTERM', async () => {
    expect(await app.server.stop('SIGTERM')).toBe(0)
  })
})
