// Behaviour an app written for Next.js relies on, checked against what `next start` (16.x) answers
// for the same app: route handlers (NextRequest, redirect()/notFound(), OPTIONS), trailing slashes,
// which dynamic routes are cached, metadata resolution and on-demand revalidation.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildAndServe } from './fixture.js'

const files = {
  'app/layout.tsx': `
export const metadata = {
  metadataBase: new URL('https://example.com'),
  title: { default: 'Site', template: '%s | Site' },
  description: 'site description',
  openGraph: { siteName: 'SiteOG', type: 'website' },
}
export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>
}`,
  'app/page.tsx': `
export const metadata = { title: 'Home' }
export default function Home() { return <h1>home</h1> }`,
  'app/not-found.tsx': `export default function NotFound() { return <><title>Missing</title><h1>custom not found</h1></> }`,
  'app/about/page.tsx': `
export const metadata = { title: 'About', openGraph: { title: 'About OG', images: '/og.png' } }
export default function About() { return <p>about</p> }`,
  'app/full/page.tsx': `
export const metadata = {
  title: 'Full',
  applicationName: 'App',
  authors: [{ name: 'Ann', url: 'https://ann.dev' }, { name: 'Bob' }],
  keywords: ['a', 'b'],
  robots: { index: true, follow: false, googleBot: { index: false, 'max-snippet': -1 } },
  alternates: { canonical: '/full', languages: { de: '/de/full' } },
  icons: { icon: '/icon.png', apple: '/apple.png' },
  verification: { google: 'g123' },
  other: { custom: 'value' },
  twitter: { site: '@site' },
  openGraph: { images: [{ url: '/a.png', width: 800, height: 600, alt: 'A' }] },
}
export default function P() { return <p>full</p> }`,
  'app/gallery/layout.tsx': `
export const metadata = { openGraph: { images: '/g.png' } }
export default function L({ children }: { children: React.ReactNode }) { return <div>{children}</div> }`,
  'app/gallery/page.tsx': `
import type { Metadata } from '@fresco/framework'
export async function generateMetadata(_: unknown, parent: Promise<Metadata>) {
  const p = await parent
  const title = typeof p.title === 'object' && p.title ? p.title.absolute : String(p.title)
  const previous = Array.isArray(p.openGraph?.images) ? p.openGraph.images : []
  return { title: 'after ' + title, openGraph: { images: ['/p.png', ...previous] } }
}
export default function P() { return <p>gallery</p> }`,
  'app/docs/layout.tsx': `
export const metadata = { title: { default: 'Docs', template: '%s - Docs' } }
export default function L({ children }: { children: React.ReactNode }) { return <div>{children}</div> }`,
  'app/docs/page.tsx': `
export const metadata = { title: 'Docs home' }
export default function P() { return <p>docs</p> }`,
  'app/docs/intro/page.tsx': `
export const metadata = { title: 'Intro' }
export default function P() { return <p>intro</p> }`,
  'app/docs/plain/page.tsx': `export default function P() { return <p>plain</p> }`,
  'app/shop/[id]/page.tsx': `
export default async function P({ params }: { params: Promise<{ id: string }> }) {
  return <p>shop {(await params).id} at={Date.now()}</p>
}`,
  'app/later/[id]/page.tsx': `
export function generateStaticParams() { return [] }
export default async function P({ params }: { params: Promise<{ id: string }> }) {
  return <p>later {(await params).id} at={Date.now()}</p>
}`,
  'app/posts/layout.tsx': `
export default function L({ children }: { children: React.ReactNode }) { return <div>{children}</div> }`,
  'app/posts/page.tsx': `
export const revalidate = 3600
export default function P() { return <p>posts at={Date.now()}</p> }`,
  'app/posts/[id]/page.tsx': `
export const revalidate = 3600
export function generateStaticParams() { return [{ id: '1' }, { id: '2' }] }
export default async function P({ params }: { params: Promise<{ id: string }> }) {
  return <p>post {(await params).id} at={Date.now()}</p>
}`,
  'app/api/items/[id]/route.ts': `
import { type NextRequest, NextResponse } from 'next/server'
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return NextResponse.json({
    id,
    q: request.nextUrl.searchParams.get('q'),
    path: request.nextUrl.pathname,
    cookie: request.cookies.get('c')?.value ?? null,
  })
}
export async function POST(request: NextRequest) { return new Response('posted ' + (await request.text())) }`,
  'app/conn/page.tsx': `
import { connection } from 'next/server'
export default async function P() { await connection(); return <p>connected</p> }`,
  'app/api/after/route.ts': `
import { after } from 'next/server'
const done = { count: 0 }
export function GET() {
  after(() => { done.count++ })
  return Response.json({ count: done.count })
}`,
  'app/area/not-found.tsx': `export default function NF() { return <h1>area not found</h1> }`,
  'app/area/page.tsx': `export default function P() { return <p>area</p> }`,
  'app/area/closed/layout.tsx': `
import { notFound } from 'next/navigation'
export default function L({ children }: { children: React.ReactNode }) { notFound(); return <div>{children}</div> }`,
  'app/area/closed/page.tsx': `export default function P() { return <p>closed</p> }`,
  'app/private/layout.tsx': `
import { notFound } from 'next/navigation'
import { cookies } from 'next/headers'
export default async function L({ children }: { children: React.ReactNode }) {
  if (!(await cookies()).get('member')) notFound()
  return <div>{children}</div>
}`,
  'app/private/page.tsx': `export default function P() { return <p>members only</p> }`,
  'app/api/own-cc/route.ts': `
export const dynamic = 'force-static'
export function GET() { return new Response('x', { headers: { 'cache-control': 'public, max-age=60' } }) }`,
  // vercel/examples redirect-with-fallback's shape: Next 16 caches both (● and ○ in its build output).
  'app/api/static-items/[id]/route.ts': `
export function generateStaticParams() { return [{ id: '1' }] }
export async function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  return new Response((await params).id + ' at ' + Date.now())
}`,
  'app/api/strict/route.ts': `
export const dynamic = 'error'
export function GET() { return new Response('strict at ' + Date.now()) }`,
  'app/api/go/route.ts': `
import { redirect } from 'next/navigation'
export function GET() { redirect('/about') }`,
  'app/api/moved/route.ts': `
import { permanentRedirect } from 'next/navigation'
export function GET() { permanentRedirect('/about') }`,
  'app/api/missing/route.ts': `
import { notFound } from 'next/navigation'
export function GET() { notFound() }`,
  // Next's revalidatetag-rsc / app-static shape: a GET handler with revalidate that reads the query.
  'app/api/revalidate-path/route.ts': `
import { revalidatePath } from 'next/cache'
import { type NextRequest, NextResponse } from 'next/server'
export const revalidate = 1
export async function GET(req: NextRequest) {
  const path = req.nextUrl.searchParams.get('path') || '/'
  try {
    revalidatePath(path)
    return NextResponse.json({ revalidated: true, now: Date.now() })
  } catch {
    return NextResponse.json({ revalidated: false, now: Date.now() })
  }
}`,
  'app/api/query-url/route.ts': `
export const revalidate = 60
export function GET(request: Request) { return Response.json({ q: new URL(request.url).searchParams.get('q') }) }`,
  // generateStaticParams in a layout names only the parent's param; the page below has none.
  'app/i18n/[lang]/layout.tsx': `
export function generateStaticParams() { return [{ lang: 'en' }] }
export default function L({ children }: { children: React.ReactNode }) { return <section>{children}</section> }`,
  'app/i18n/[lang]/[slug]/page.tsx': `
export default async function P({ params }: { params: Promise<{ lang: string; slug: string }> }) {
  const { lang, slug } = await params
  return <p>i18n {lang}/{slug}</p>
}`,
  'app/i18n-static/[lang]/layout.tsx': `
export function generateStaticParams() { return [{ lang: 'en' }] }
export default function L({ children }: { children: React.ReactNode }) { return <section>{children}</section> }`,
  'app/i18n-static/[lang]/[slug]/page.tsx': `
export const dynamic = 'force-static'
export default async function P({ params }: { params: Promise<{ lang: string; slug: string }> }) {
  const { lang, slug } = await params
  return <p>i18n-static {lang}/{slug}</p>
}`,
  'app/api/revalidate/route.ts': `
import { revalidatePath } from 'next/cache'
import type { NextRequest } from 'next/server'
export function POST(request: NextRequest) {
  const sp = request.nextUrl.searchParams
  revalidatePath(sp.get('path') ?? '/', (sp.get('type') ?? undefined) as 'page' | 'layout' | undefined)
  return Response.json({ revalidated: true })
}`,
}

const app = buildAndServe(files)
const get = app.get
const DYNAMIC = 'private, no-cache, no-store, max-age=0, must-revalidate'

async function page(path: string) {
  const res = await get(path)
  const html = await res.text()
  const title = /<title>(.*?)<\/title>/.exec(html)?.[1]
  const meta = (name: string) =>
    new RegExp(`<meta (?:name|property)="${name}" content="([^"]*)"`).exec(html)?.[1]
  return { res, html, title, meta, cache: res.headers.get('x-fresco-cache') }
}

describe('route handlers as in Next.js', () => {
  it('receive a NextRequest (nextUrl, cookies) and params as a Promise', async () => {
    const res = await get('/api/items/7?q=hello', { headers: { cookie: 'c=1' } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ id: '7', q: 'hello', path: '/api/items/7', cookie: '1' })
  })

  it('answer redirect() with 307, permanentRedirect() with 308 and notFound() with 404', async () => {
    const temporary = await get('/api/go')
    expect(temporary.status).toBe(307)
    expect(temporary.headers.get('location')).toBe('/about')
    const permanent = await get('/api/moved')
    expect(permanent.status).toBe(308)
    expect(permanent.headers.get('location')).toBe('/about')
    expect((await get('/api/missing')).status).toBe(404)
  })

  it('a cached handler keeps its own Cache-Control, sent once', async () => {
    const res = await get('/api/own-cc')
    expect(res.headers.get('x-fresco-cache')).toBe('HIT')
    expect(res.headers.get('cache-control')).toBe('public, max-age=60')
  })

  it("a GET handler with generateStaticParams or dynamic = 'error' is cached, as in Next 16", async () => {
    const manifest = JSON.parse(await readFile(path.join(app.root, '.fresco/manifest.json'), 'utf8'))
    const route = (id: string) => manifest.routes.find((r: { id: string }) => r.id === id)
    expect(route('/api/static-items/[id]')).toMatchObject({
      type: 'static',
      prerendered: ['/api/static-items/1'],
    })
    expect(route('/api/strict')).toMatchObject({ type: 'static', prerendered: ['/api/strict'] })
    const built = await get('/api/static-items/1')
    expect(built.headers.get('x-fresco-cache')).toBe('HIT')
    expect(built.headers.get('cache-control')).toBe('s-maxage=31536000')
    const body = await built.text()
    expect(await (await get('/api/static-items/1')).text()).toBe(body)
    // A param the build did not name is rendered on its first visit and then served from the cache.
    const first = await get('/api/static-items/2')
    expect(first.headers.get('x-fresco-cache')).toBe('MISS')
    const second = await get('/api/static-items/2')
    expect(second.headers.get('x-fresco-cache')).toBe('HIT')
    expect(await second.text()).toBe(await first.text())
    const strict = await get('/api/strict')
    expect(strict.headers.get('x-fresco-cache')).toBe('HIT')
    expect(await strict.text()).toBe(await (await get('/api/strict')).text())
  })

  it('a GET handler with revalidate that reads the query is dynamic: built as such, run per request', async () => {
    const manifest = JSON.parse(await readFile(path.join(app.root, '.fresco/manifest.json'), 'utf8'))
    const route = (id: string) => manifest.routes.find((r: { id: string }) => r.id === id)
    expect(route('/api/revalidate-path')).toMatchObject({
      type: 'dynamic',
      dynamicReason: 'nextUrl.searchParams',
    })
    expect(route('/api/query-url')).toMatchObject({ type: 'dynamic', dynamicReason: 'request.url' })
    expect((await page('/area')).cache).toBe('HIT')
    const res = await get('/api/revalidate-path?path=/area')
    expect(res.headers.get('x-fresco-cache')).toBeNull()
    expect(await res.json()).toMatchObject({ revalidated: true })
    await expect.poll(async () => (await page('/area')).cache).toBe('MISS')
    expect(await (await get('/api/query-url?q=a')).json()).toEqual({ q: 'a' })
    expect(await (await get('/api/query-url?q=b')).json()).toEqual({ q: 'b' })
  })

  it('list the allowed methods sorted, as Next.js does', async () => {
    const options = await get('/api/items/1', { method: 'OPTIONS' })
    expect(options.status).toBe(204)
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST')
  })
})

describe('next/server helpers', () => {
  it('connection() makes a page dynamic', async () => {
    const res = await get('/conn')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe(DYNAMIC)
  })

  it('after() runs once the response is done', async () => {
    expect(await (await get('/api/after')).json()).toEqual({ count: 0 })
    await expect.poll(async () => (await (await get('/api/after')).json()).count).toBeGreaterThan(0)
  })
})

describe('URLs', () => {
  it('redirects a trailing slash with 308, keeping the query', async () => {
    const res = await get('/about/?x=1')
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe('/about?x=1')
    const api = await get('/api/items/1/', { method: 'POST' })
    expect(api.status).toBe(308)
    expect(api.headers.get('location')).toBe('/api/items/1')
  })
})

describe('dynamic segments', () => {
  it('renders a dynamic route without generateStaticParams per request', async () => {
    const first = await page('/shop/1')
    expect(first.res.status).toBe(200)
    expect(first.res.headers.get('cache-control')).toBe(DYNAMIC)
    expect(first.cache).toBeNull()
    expect(first.html).toContain('shop <!-- -->1')
  })

  it("builds when a layout's generateStaticParams names only its own level, and renders the rest on demand", async () => {
    const dynamic = await page('/i18n/en/x')
    expect(dynamic.res.status).toBe(200)
    expect(dynamic.html).toContain('i18n <!-- -->en<!-- -->/<!-- -->x')
    expect(dynamic.res.headers.get('cache-control')).toBe(DYNAMIC)
    const first = await page('/i18n-static/en/y')
    expect(first.cache).toBe('MISS')
    expect(first.html).toContain('i18n-static <!-- -->en<!-- -->/<!-- -->y')
    expect((await page('/i18n-static/en/y')).cache).toBe('HIT')
  })

  it('caches on first visit when generateStaticParams returns []', async () => {
    const first = await page('/later/5')
    expect(first.cache).toBe('MISS')
    expect(first.res.headers.get('cache-control')).toBe('s-maxage=31536000')
    const second = await page('/later/5')
    expect(second.cache).toBe('HIT')
    expect(second.html).toBe(first.html)
  })
})

describe('metadata', () => {
  it("does not apply a layout's title template to the page in its own folder", async () => {
    expect((await page('/')).title).toBe('Home')
    expect((await page('/docs')).title).toBe('Docs home | Site')
  })

  it('applies the nearest parent template below, and to a parent title.default', async () => {
    expect((await page('/about')).title).toBe('About | Site')
    expect((await page('/docs/intro')).title).toBe('Intro - Docs')
    expect((await page('/docs/plain')).title).toBe('Docs | Site')
  })

  it('fills openGraph and twitter from the title and description, and adds the default viewport', async () => {
    const home = await page('/')
    expect(home.meta('viewport')).toBe('width=device-width, initial-scale=1')
    expect(home.html).toContain('<meta charSet="utf-8"/>')
    expect(home.meta('og:title')).toBe('Home')
    expect(home.meta('og:description')).toBe('site description')
    expect(home.meta('og:site_name')).toBe('SiteOG')
    expect(home.meta('twitter:card')).toBe('summary')
    expect(home.meta('twitter:title')).toBe('Home')
    // A page's openGraph replaces the layout's (shallow merge); images resolve against metadataBase.
    const about = await page('/about')
    expect(about.meta('og:title')).toBe('About OG')
    expect(about.meta('og:site_name')).toBeUndefined()
    expect(about.meta('og:image')).toBe('https://example.com/og.png')
    expect(about.meta('twitter:card')).toBe('summary_large_image') // inherited with the images
    expect(about.meta('twitter:image')).toBe('https://example.com/og.png')
  })

  it('renders the other basic fields as Next.js does', async () => {
    const full = await page('/full')
    const html = full.html
    expect(full.meta('application-name')).toBe('App')
    expect(html).toContain('<link rel="author" href="https://ann.dev"/><meta name="author" content="Ann"/>')
    expect(html).toContain('<meta name="author" content="Bob"/>')
    expect(full.meta('keywords')).toBe('a,b')
    expect(full.meta('robots')).toBe('index, nofollow')
    expect(full.meta('googlebot')).toBe('noindex, max-snippet:-1')
    expect(full.meta('custom')).toBe('value')
    expect(full.meta('google-site-verification')).toBe('g123')
    expect(html).toContain('<link rel="canonical" href="https://example.com/full"/>')
    expect(html).toContain('<link rel="alternate" hrefLang="de" href="https://example.com/de/full"/>')
    expect(html).toContain('<link rel="icon" href="/icon.png"/>')
    expect(html).toContain('<link rel="apple-touch-icon" href="/apple.png"/>')
    expect(full.meta('og:image:width')).toBe('800')
    expect(full.meta('og:image:alt')).toBe('A')
    // The page's own twitter (no images) keeps its card and still takes openGraph's images.
    expect(full.meta('twitter:site')).toBe('@site')
    expect(full.meta('twitter:card')).toBe('summary')
    expect(full.meta('twitter:image')).toBe('https://example.com/a.png')
  })

  it("hands generateMetadata its parent as Next's ResolvingMetadata (resolved title, image lists)", async () => {
    const gallery = await page('/gallery')
    expect(gallery.title).toBe('after Site | Site')
    const images = [...gallery.html.matchAll(/<meta property="og:image" content="([^"]*)"/g)].map((m) => m[1])
    expect(images).toEqual(['https://example.com/p.png', 'https://example.com/g.png'])
  })

  it('marks not-found responses noindex', async () => {
    const missing = await page('/nowhere')
    expect(missing.res.status).toBe(404)
    expect(missing.html).toContain('custom not found')
    expect(missing.meta('robots')).toBe('noindex')
    // The not-found UI's own <title> comes before the layout's: the browser shows the first one.
    expect(missing.title).toBe('Missing')
  })
})

describe('notFound() in a layout', () => {
  it('is caught by the not-found boundary above that layout (prerendered, 404)', async () => {
    const closed = await page('/area/closed')
    expect(closed.res.status).toBe(404)
    expect(closed.cache).toBe('HIT')
    expect(closed.html).toContain('area not found')
    expect(closed.html).not.toContain('<p>closed</p>')
  })

  it('answers 404 per request when the layout is dynamic, and renders when it lets the page through', async () => {
    const out = await page('/private')
    expect(out.res.status).toBe(404)
    expect(out.res.headers.get('cache-control')).toBe(DYNAMIC)
    expect(out.html).toContain('custom not found')
    const member = await get('/private', { headers: { cookie: 'member=1' } })
    expect(member.status).toBe(200)
    expect(await member.text()).toContain('members only')
  })
})

describe('revalidatePath', () => {
  const revalidate = (query: string) => get(`/api/revalidate?${query}`, { method: 'POST' })

  it("'page' with a route pattern refreshes every page of that route, not its parent", async () => {
    for (const p of ['/posts', '/posts/1', '/posts/2']) expect((await page(p)).cache).toBe('HIT')
    expect((await revalidate('path=/posts/[id]&type=page')).status).toBe(200)
    expect((await page('/posts/1')).cache).toBe('MISS')
    expect((await page('/posts/2')).cache).toBe('MISS')
    expect((await page('/posts')).cache).toBe('HIT')
  })

  it("'layout' refreshes everything below the layout", async () => {
    expect((await revalidate('path=/posts&type=layout')).status).toBe(200)
    for (const p of ['/posts', '/posts/1', '/posts/2']) expect((await page(p)).cache).toBe('MISS')
  })

  it('a concrete path refreshes only that page', async () => {
    expect((await revalidate('path=/posts/1')).status).toBe(200)
    expect((await page('/posts/1')).cache).toBe('MISS')
    expect((await page('/posts/2')).cache).toBe('HIT')
    expect((await page('/posts')).cache).toBe('HIT')
  })
})
