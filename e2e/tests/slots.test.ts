// Parallel and intercepting routes over HTTP (e2e/fixtures/slots, nextgram's shape plus a dashboard
// with two slots), built from the packed tarballs and served by `fresco start`. Statuses, Cache-Control
// and HTML of full page loads as `next start` answers them (compared on the same app, Next 15.5; the
// slot-only URLs (/login, /feed/x/y) on Next 16.5):
// slots get their page for the URL or their default.tsx, a slot with neither makes the URL a 404,
// and the route cache holds the full-page render. A payload request from a client navigation
// (x-fresco-url) is intercepted, rendered per request and never stored, so it can never answer a
// reload, and no header value a client sends makes anything else happen; an intercepting folder in
// children (app/gallery/(..)shots) answers the same way. The browser half:
// e2e/browser/slots.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, type Server } from '../harness/index.js'

const DYNAMIC = 'private, no-cache, no-store, max-age=0, must-revalidate'
const YEAR = 31_536_000

let app: App
let server: Server
let buildOutput = ''

beforeAll(async () => {
  app = await createApp(fixture('slots'))
  const build = await app.build()
  buildOutput = build.output
  if (build.code !== 0) throw new Error(`fresco build of slots failed (${build.code}):\n${build.output}`)
  server = await app.start()
})

afterAll(async () => {
  await app?.cleanup()
})

const rsc = (path: string, headers: Record<string, string> = {}) =>
  server.get(`/_fresco/rsc${path === '/' ? '/' : path}`, { headers })

/** An intercepted payload: rendered for this request, never stored, varying with the header. */
function expectIntercepted(r: Awaited<ReturnType<typeof rsc>>) {
  expect(r.status).toBe(200)
  expect(r.headers.get('content-type')).toMatch(/^text\/x-component/)
  expect(r.headers.get('cache-control')).toBe(DYNAMIC)
  expect(r.headers.get('vary')).toMatch(/x-fresco-url/i)
  expect(r.cache).toBeNull()
  expect(r.text).toContain('"intercepted":true')
}

describe('parallel routes on a full page load', () => {
  it('builds: slots add no URL segment, pages with slots are prerendered', () => {
    expect(buildOutput).toMatch(/○ \/dashboard\s/)
    expect(buildOutput).toMatch(/● \/photos\/\[id\]/)
    expect(buildOutput).not.toMatch(/@modal|\(\.\)/)
  })

  it('each slot shows its page for the URL, or its default.tsx', async () => {
    const home = await server.get('/dashboard')
    expect(home.status).toBe(200)
    expect(home.cache).toBe('HIT')
    expect(home.headers.get('cache-control')).toBe(`s-maxage=${YEAR}`)
    expect(home.text).toContain('<div id="dash-children"><p>Dashboard overview</p></div>')
    expect(home.text).toContain('<section id="team"><div><p>Team overview</p>')
    expect(home.text).toMatch(/<section id="analytics"><!--\$--><p>Analytics overview<\/p>/)

    const visitors = await server.get('/dashboard/visitors')
    expect(visitors.status).toBe(200)
    expect(visitors.text).toContain('<section id="team"><p>Team default</p></section>')
    expect(visitors.text).toContain('Analytics visitors')
    expect(visitors.text).toContain('<p id="selected">children=visitors analytics=visitors</p>')

    const settings = await server.get('/dashboard/settings')
    expect(settings.text).toContain('<section id="team"><p>Team default</p></section>')
    expect(settings.text).toContain('<section id="analytics"><p>Analytics default</p></section>')
    expect(settings.text).toContain('<p id="selected">children=settings analytics=null</p>')
  })

  it('a slot with neither a page for the URL nor a default.tsx: 404, never stored', async () => {
    expect((await server.get('/strict')).status).toBe(200)
    for (let i = 0; i < 2; i++) {
      const other = await server.get('/strict/other')
      expect(other.status).toBe(404)
      expect(other.headers.get('cache-control')).toBe(DYNAMIC)
      expect(other.text).toContain('This page could not be found.')
      expect(other.text).not.toContain('Strict other')
    }
    expect((await rsc('/strict/other')).status).toBe(404)
  })

  it('the modal slot shows its default (nothing) on the photo page itself: the page, ISR headers', async () => {
    const photo = await server.get('/photos/1')
    expect(photo.status).toBe(200)
    expect(photo.cache).toBe('HIT')
    expect(photo.headers.get('cache-control')).toBe(`s-maxage=60, stale-while-revalidate=${YEAR - 60}`)
    expect(photo.text).toContain('<h1>Photo 1</h1>')
    expect(photo.text).toContain('<div id="modal-root"></div>')
    expect(photo.text).toContain('<title>Photo 1 · Slots</title>')
    expect(photo.text).not.toContain('Modal photo')
    // Another answer exists for client navigations from the feed: caches in front must key on the
    // header (Next sends `Vary: …, next-url` on these URLs too); URLs no rule covers do not vary.
    expect(photo.headers.get('vary')).toMatch(/x-fresco-url/)
    expect((await rsc('/photos/1')).headers.get('vary')).toMatch(/x-fresco-url/)
    expect((await server.get('/photos/9')).headers.get('vary')).toMatch(/x-fresco-url/)
    expect((await server.get('/dashboard')).headers.get('vary')).not.toMatch(/x-fresco-url/)
  })
})

describe('a URL only a slot has a page for (app/@modal/login, no app/login/page.tsx)', () => {
  // As next start 16.5 answered the same files: 200 with children's default.tsx and the slot's
  // page, the slot page's metadata, prerendered and cached like any static page.
  it('is a page: children shows app/default.tsx, the slot its page; cached like any static page', async () => {
    expect(buildOutput).toMatch(/○ \/login\s/)
    const login = await server.get('/login')
    expect(login.status).toBe(200)
    expect(login.cache).toBe('HIT')
    expect(login.headers.get('cache-control')).toBe(`s-maxage=${YEAR}`)
    expect(login.text).toContain('<main><p id="children-default">Children default</p></main>')
    expect(login.text).toMatch(/<div id="modal-root"><dialog open="" id="login-modal"><p>Login modal<\/p>/)
    expect(login.text).toContain('<title>Login · Slots</title>')
    const stamp = /id="login-rendered">(\d+)/.exec(login.text)?.[1]
    expect(stamp).toBeDefined()
    const again = await server.get('/login')
    expect(again.cache).toBe('HIT')
    expect(/id="login-rendered">(\d+)/.exec(again.text)?.[1]).toBe(stamp)
    // The payload a client navigation asks: the same entry, the slot's page in it.
    const payload = await rsc('/login')
    expect(payload.status).toBe(200)
    expect(payload.cache).toBe('HIT')
    expect(payload.text).toContain('Login modal')
    expect(payload.text).toContain('Children default')
  })

  it("a catch-all in a nested slot: the feed's default.tsx under its layout, rendered per request", async () => {
    // app/feed/@modal/[...rest] has no generateStaticParams: dynamic, as next start's ƒ /feed/[...rest].
    const deep = await server.get('/feed/x/y')
    expect([deep.status, deep.headers.get('cache-control')]).toEqual([200, DYNAMIC])
    expect(deep.text).toContain('<div id="feed-layout"><p id="feed-default">Feed default</p>')
    expect(deep.text).not.toContain('feed-page')
  })

  it('URLs below it that no slot has a page for stay 404s', async () => {
    for (const path of ['/login/x', '/logins', '/%6Cogin/x']) {
      const r = await server.get(path)
      expect(r.status).toBe(404)
      expect(r.headers.get('cache-control')).toBe(DYNAMIC)
    }
    expect((await rsc('/login/x')).status).toBe(404)
  })
})

describe('intercepting routes', () => {
  it('a payload request from the feed renders the modal in its slot, per request, never stored', async () => {
    const before = await server.get('/photos/2')
    const stamp = /id="photo-rendered">(\d+)/.exec(before.text)?.[1]
    for (let i = 0; i < 2; i++) {
      const r = await rsc('/photos/2', { 'x-fresco-url': '/' })
      expectIntercepted(r)
      expect(r.text).toContain('Modal photo')
      expect(r.text).not.toContain('(modal)') // its generateMetadata is not applied, as in Next.js
      expect(r.text).not.toContain('photo-page')
    }
    // The stored full-page entry is untouched: the HTML and the plain payload are still the page.
    const after = await server.get('/photos/2')
    expect(after.cache).toBe('HIT')
    expect(/id="photo-rendered">(\d+)/.exec(after.text)?.[1]).toBe(stamp)
    expect(after.text).not.toContain('Modal photo')
    const plain = await rsc('/photos/2')
    expect(plain.cache).toBe('HIT')
    expect(plain.text).toContain('photo-page')
    expect(plain.text).not.toContain('Modal photo')
  })

  it('the HTML ignores the header: a reload always shows the page', async () => {
    const r = await server.get('/photos/2', { headers: { 'x-fresco-url': '/' } })
    expect(r.status).toBe(200)
    expect(r.cache).toBe('HIT')
    expect(r.text).toContain('<h1>Photo 2</h1>')
    expect(r.text).not.toContain('Modal photo')
  })

  it('the deepest intercepting folder wins: from /feed (or below), app/feed/@modal/(..)photos', async () => {
    for (const from of ['/feed', '/feed/x/y']) {
      const r = await rsc('/photos/2', { 'x-fresco-url': from })
      expect(r.status).toBe(200)
      expect(r.text).toContain('Feed modal photo')
      expect(r.text).not.toContain('Modal photo')
    }
  })

  it('a prefetch is never rendered for the request: 204', async () => {
    const r = await rsc('/photos/1', { 'x-fresco-url': '/', 'x-fresco-prefetch': 'auto' })
    expect(r.status).toBe(204)
    expect(r.headers.get('cache-control')).toBe(DYNAMIC)
  })

  it('URLs no rule covers, and header values that are not a pathname, get the plain answer', async () => {
    for (const from of ['nonsense', 'http://evil.example/', '/%zz', `/${'a'.repeat(5000)}`, '']) {
      const r = await rsc('/photos/1', { 'x-fresco-url': from })
      expect(r.status).toBe(200)
      expect(r.cache).toBe('HIT')
      expect(r.text).toContain('photo-page')
    }
    const dash = await rsc('/dashboard', { 'x-fresco-url': '/' })
    expect(dash.cache).toBe('HIT')
    const deep = await rsc('/photos/1/more', { 'x-fresco-url': '/' })
    expect(deep.status).toBe(404)
  })

  it('an intercepted id the page would 404: the modal renders it (the slot decides), never a 5xx', async () => {
    const r = await rsc('/photos/abc', { 'x-fresco-url': '/' })
    expect(r.status).toBe(200)
    expect(r.text).toContain('Modal photo')
    const page = await server.get('/photos/abc')
    expect(page.status).toBe(404)
  })
})

describe('an intercepting route in children (app/gallery/(..)shots/[id], no slot)', () => {
  // As next start 16.5 answered the same files: the shot page for a full load (cached like any
  // page, `Vary: next-url` there), the gallery's intercepting page for a navigation from the gallery.
  it('a full page load is the page itself, prerendered and cached; the answer varies with the header', async () => {
    expect(buildOutput).toMatch(/○ \/shots\/\[id\]\s/)
    expect(buildOutput).not.toMatch(/\(\.\.\)shots|\/gallery\/shots/)
    const shot = await server.get('/shots/1')
    expect(shot.status).toBe(200)
    expect(shot.cache).toBe('HIT')
    expect(shot.headers.get('cache-control')).toBe(`s-maxage=${YEAR}`)
    expect(shot.headers.get('vary')).toMatch(/x-fresco-url/)
    expect(shot.text).toContain('<main><article id="shot-page">Shot page 1</article></main>')
    expect(shot.text).not.toContain('gallery-layout')
    // The header never changes a document (a reload shows the page).
    const withHeader = await server.get('/shots/1', { headers: { 'x-fresco-url': '/gallery' } })
    expect(withHeader.cache).toBe('HIT')
    expect(withHeader.text).toContain('id="shot-page"')
  })

  it('a payload from the gallery (or below) is the intercepting page under the gallery layout, never stored', async () => {
    for (const from of ['/gallery', '/gallery/a']) {
      const r = await rsc('/shots/1', { 'x-fresco-url': from })
      expectIntercepted(r)
      expect(r.text).toContain('gallery-layout')
      expect(r.text).toContain('Intercepted shot ')
      expect(r.text).not.toContain('shot-page')
    }
    // An id the build did not prerender: intercepted as well (the route decides, as in Next).
    expect((await rsc('/shots/7', { 'x-fresco-url': '/gallery' })).text).toContain('shot-intercepted')
    // The stored entry is untouched: the plain payload is still the page.
    const plain = await rsc('/shots/1')
    expect(plain.cache).toBe('HIT')
    expect(plain.text).toContain('shot-page')
    expect(plain.text).not.toContain('Intercepted shot')
  })

  it('from elsewhere, on a prefetch, and for URLs the rule does not cover: the plain answer', async () => {
    for (const from of ['/', '/galleryx', '/feed', 'gallery']) {
      const r = await rsc('/shots/1', { 'x-fresco-url': from })
      expect(r.cache).toBe('HIT')
      expect(r.text).toContain('shot-page')
    }
    const prefetch = await rsc('/shots/1', { 'x-fresco-url': '/gallery', 'x-fresco-prefetch': 'auto' })
    expect(prefetch.status).toBe(204)
    expect((await rsc('/shots/1/x', { 'x-fresco-url': '/gallery' })).status).toBe(404)
  })

  it('the intercepting folder is no URL of its own (next start serves /gallery/(..)shots/1: a listed difference)', async () => {
    for (const path of ['/gallery/shots/1', '/gallery/(..)shots/1', '/gallery/%28..%29shots/1']) {
      const r = await server.get(path)
      expect([r.status, r.headers.get('cache-control')]).toEqual([404, DYNAMIC])
    }
  })
})
