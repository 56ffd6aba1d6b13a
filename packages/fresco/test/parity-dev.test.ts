// `fresco dev` as an app written for `next dev` expects it: every page renders on every request,
// the data cache keeps working, a failing page shows its error and the server keeps serving.
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFixture, type DevServer, removeFixture, runCli, startDev } from './fixture.js'

const files = {
  'app/layout.tsx': `
export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>
}`,
  'app/page.tsx': `export default function Home() { return <p>rendered at {Date.now()}</p> }`,
  'app/cached/page.tsx': `
import { unstable_cache } from 'next/cache'
const stamp = unstable_cache(async () => String(Date.now()), ['dev-stamp'], { revalidate: 3600 })
export default async function P() { return <p>data {await stamp()}</p> }`,
  'app/broken/page.tsx': `
import { cookies } from 'next/headers'
export default async function P() { await cookies(); throw new Error('dev page exploded') }`,
  'app/missing/page.tsx': `
import { notFound } from 'next/navigation'
export default function P() { notFound() }`,
  'app/api/echo/route.ts': `
import type { NextRequest } from 'next/server'
export function GET(request: NextRequest) { return Response.json({ q: request.nextUrl.searchParams.get('q') }) }`,
}

let root: string
let dev: DevServer | undefined
let url: string

beforeAll(async () => {
  root = await createFixture(files)
  dev = await startDev(root)
  url = dev.url
}, 120_000)

afterAll(async () => {
  await dev?.stop()
  if (root) await removeFixture(root)
})

const text = async (path: string) => {
  const res = await fetch(url + path, { redirect: 'manual' })
  return { status: res.status, body: await res.text(), cacheControl: res.headers.get('cache-control') }
}
const stampOf = (html: string, label: string) => new RegExp(`${label} (?:<!-- -->)?(\\d+)`).exec(html)?.[1]

describe('fresco dev', () => {
  it('renders a static page on every request, never from the route cache', async () => {
    const first = await text('/')
    expect(first.status).toBe(200)
    await new Promise((r) => setTimeout(r, 5))
    const second = await text('/')
    expect(stampOf(second.body, 'rendered at')).not.toBe(stampOf(first.body, 'rendered at'))
    expect(first.cacheControl).toContain('no-store')
  }, 60_000)

  it('keeps the data cache: unstable_cache answers the same value across requests', async () => {
    const a = stampOf((await text('/cached')).body, 'data')
    const b = stampOf((await text('/cached')).body, 'data')
    expect(a).toBeDefined()
    expect(b).toBe(a)
  }, 60_000)

  it('shows a failing page as a 500 with its message and keeps serving', async () => {
    const broken = await text('/broken')
    expect(broken.status).toBe(500)
    expect(broken.body).toContain('dev page exploded')
    expect((await text('/')).status).toBe(200)
  }, 60_000)

  it('answers notFound() with 404 and runs route handlers with a NextRequest', async () => {
    expect((await text('/missing')).status).toBe(404)
    const echo = await text('/api/echo?q=hi')
    expect(JSON.parse(echo.body)).toEqual({ q: 'hi' })
  }, 60_000)

  it('a second fresco dev on a port in use exits 1 with one line naming --port and PORT (it used to hang)', async () => {
    const port = new URL(url).port
    const { code, output } = await runCli(root, ['dev', '--port', port, '--hostname', '127.0.0.1'])
    expect(code).toBe(1)
    expect(stripVTControlCharacters(output).trim()).toBe(
      `[fresco] Port ${port} is already in use on 127.0.0.1. Stop the process using it, or choose another port: --port ${Number(port) + 1} (or PORT=${Number(port) + 1}).`,
    )
  }, 60_000)
})
