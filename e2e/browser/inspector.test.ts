// The cache inspector (/_fresco/inspector) on a real `fresco start` of the ops fixture, one build:
// off without a secret (404), nothing said without the right one (401), the prerendered entries
// listed with their state, purges only from the same origin as JSON, hostile queries never a 5xx,
// a purge makes the next request a regeneration, and in Chromium: filter, purge, see the state move.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  createApp,
  fixture,
  poll,
  type Server,
  startUpstream,
  type Upstream,
} from '../harness/index.js'
import { launch } from './browser.js'

const SECRET = 'inspector-secret-for-the-e2e-test'
const PATH = '/_fresco/inspector'
const basic = (password: string) => `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`

let upstream: Upstream
let app: App
let server: Server
let browser: Browser

const page = (search = '', authorization = basic(SECRET)) =>
  server.get(PATH + search, { headers: { authorization } })

const purge = (body: string, headers: Record<string, string> = {}) =>
  server.get(PATH, {
    method: 'POST',
    body,
    headers: {
      authorization: basic(SECRET),
      origin: server.url,
      'content-type': 'application/json',
      ...headers,
    },
  })

/** A MISS of `path` once the regeneration a purge asked for happens (the fs journal is read within 1 s). */
const nextMiss = (path: string) =>
  poll(async () => ((await server.get(path)).cache === 'MISS' ? true : undefined), {
    what: `a MISS of ${path} after the purge`,
  })

beforeAll(async () => {
  upstream = await startUpstream()
  app = await createApp(fixture('ops'))
  // Metrics on (any free port): the page then shows this process's hit rate.
  writeFileSync(join(app.dir, 'fresco.config.ts'), 'export default { metrics: { port: 0 } }\n')
  const build = await app.build({ UPSTREAM_URL: upstream.url })
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  server = await app.start({ UPSTREAM_URL: upstream.url, FRESCO_INSPECTOR_SECRET: SECRET })
  browser = await launch()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await app?.cleanup()
  await upstream?.close()
})

describe('the cache inspector over HTTP', () => {
  it('is a 404 unless configured, and says nothing without the secret', async () => {
    const off = await app.start({ UPSTREAM_URL: upstream.url })
    try {
      expect((await off.get(PATH, { headers: { authorization: basic(SECRET) } })).status).toBe(404)
    } finally {
      await off.stop()
    }
    for (const authorization of [
      '',
      basic('wrong'),
      basic(`${SECRET}x`),
      `Bearer ${SECRET.slice(0, -1)}`,
      'Basic %%%',
    ]) {
      const res = await page('', authorization)
      expect(res.status, authorization).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe(
        'Basic realm="Fresco cache inspector", charset="UTF-8"',
      )
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.text).toBe('Unauthorized\n')
    }
    const refused = await purge('{"path":"/"}', { authorization: basic('wrong') })
    expect(refused.status).toBe(401)
  })

  it('lists the prerendered entries with their state and the hit rate, never cached or indexed', async () => {
    for (let i = 0; i < 3; i++) expect((await server.get('/')).cache).toBe('HIT')
    const res = await page()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-fresco-cache')).toBeNull()
    expect(res.text).toMatch(/<tr data-key="route:[^"]+:\/posts\/first" data-state="(fresh|stale)">/)
    expect(res.text).toMatch(/<tr data-key="route:[^"]+:\/" data-state="fresh">/)
    expect(res.text).toContain('<td class="key">/posts/first</td>')
    expect(res.text).toMatch(
      /<b>100%<\/b> from cache<small>of \d+ requests to this process since it started: HIT \d+<\/small>/,
    )
    expect(res.text).toMatch(/<b>\d+<\/b> entries<small>\d+ of this build's routes<\/small>/)
    // Bearer works for scripts; the data entry of the post is listed under its tag.
    const byTag = await page('?tag=post-first&kind=fetch', `Bearer ${SECRET}`)
    expect(byTag.status).toBe(200)
    expect(byTag.text).toMatch(/<tr data-key="data:[0-9a-f]+"/)
    expect(byTag.text).not.toContain('<td class="key">/posts/first</td>')
    const byPrefix = await page('?prefix=/posts')
    expect(byPrefix.text).toContain('<h2>Entries: 1</h2>')
  })

  it('answers hostile queries with a 4xx, never a 5xx', async () => {
    const cases: [string, number][] = [
      [`?prefix=${'a'.repeat(2000)}`, 400],
      [`?tag=${'%F0%9F%98%80'.repeat(600)}`, 400],
      ['?state=rotten', 400],
      ['?kind=<script>', 400],
      ['?prefix=%', 200],
      ['?state=fresh&state=stale&prefix=/&prefix=data:', 200],
      [`?x=${'y'.repeat(9000)}`, 414],
    ]
    for (const [search, status] of cases) {
      const res = await page(search)
      expect(res.status, search.slice(0, 60)).toBe(status)
    }
    // An error names the filter in plain text, never as HTML.
    const bad = await page('?kind=<script>')
    expect(bad.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(bad.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('purges only a same-origin JSON post with a valid target', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['{"path":"/"}', { origin: 'http://evil.example' }, 403, 'is not this server'],
      ['{"path":"/"}', { origin: '' }, 403, 'needs an Origin header'],
      ['{"path":"/"}', { 'sec-fetch-site': 'cross-site' }, 403, 'cross-site request cannot purge'],
      ['path=/', { 'content-type': 'application/x-www-form-urlencoded' }, 403, 'application/json'],
      ['{"path":', {}, 400, 'not JSON'],
      ['{"path":"blog"}', {}, 400, 'starting with /'],
      ['{"tag":""}', {}, 400, 'non-empty tag'],
      ['{"path":"/","tag":"x"}', {}, 400, 'Send { "path"'],
      [JSON.stringify({ tag: 'x'.repeat(5000) }), {}, 413, 'at most 4096 bytes'],
    ]
    for (const [body, headers, status, message] of cases) {
      const res = await purge(body, headers)
      expect(res.status, `${body.slice(0, 30)} ${JSON.stringify(headers)}`).toBe(status)
      expect(JSON.parse(res.text).message).toContain(message)
    }
    expect((await page()).text).not.toContain('data-tag="x"')
  })

  it('a purge by tag makes the next request regenerate with new data', async () => {
    await poll(async () => ((await server.get('/posts/first')).cache === 'HIT' ? true : undefined), {
      what: '/posts/first served fresh',
      timeoutMs: 30_000,
    })
    const fetched = upstream.count('/posts/first')
    upstream.edit('/posts/first', 'Edited by the inspector test')
    const res = await purge('{"tag":"post-first"}')
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text)).toEqual({
      message: 'Invalidated tag post-first: the next request for it regenerates.',
      purged: { tag: 'post-first' },
    })
    expect((await page('?prefix=/posts')).text).toMatch(/data-state="tag-expired"/)
    await nextMiss('/posts/first')
    expect((await server.get('/posts/first')).text).toContain('<h1>Edited by the inspector test</h1>')
    expect(upstream.count('/posts/first')).toBe(fetched + 1)
    expect((await page()).text).toMatch(/<tr data-tag="post-first"><td>post-first<\/td>/)
  })
})

describe('the cache inspector in Chromium', () => {
  it('filters, purges a path and shows its new state', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'ops', password: SECRET } })
    const tab = await context.newPage()
    tab.setDefaultTimeout(20_000)
    const errors: string[] = []
    tab.on('pageerror', (e) => errors.push(e.message))
    tab.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    try {
      // `/` fresh again first: it is what this test purges.
      await poll(async () => ((await server.get('/')).cache === 'HIT' ? true : undefined), {
        what: '/ served fresh',
      })
      await tab.goto(server.url + PATH)
      await tab.locator('#stats').waitFor()
      await tab.fill('#filters input[name="prefix"]', '/')
      await tab.selectOption('#filters select[name="kind"]', 'page')
      await tab.click('#filters button')
      await tab.waitForURL(/prefix=%2F&kind=page/)
      const rows = tab.locator('#entries tbody tr')
      // This build's pages only (a 404 rendered since the build may add /_not-found), no data entries.
      const keys = await rows.locator('td.key').allTextContents()
      expect(keys).toEqual(expect.arrayContaining(['/', '/posts/first']))
      expect(keys.every((key) => key.startsWith('/'))).toBe(true)
      expect(await rows.locator('td:nth-child(2)').allTextContents()).toEqual(keys.map(() => 'page'))
      const home = tab.locator('#entries tr', { has: tab.locator('td.key', { hasText: /^\/$/ }) })
      expect(await home.getAttribute('data-state')).toBe('fresh')

      await home.getByRole('button', { name: 'Purge' }).click()
      await tab
        .locator('#status', { hasText: 'Invalidated path /: the next request for it regenerates.' })
        .waitFor()
      expect(await home.getAttribute('data-state')).toBe('tag-expired')
      expect(await home.locator('small').first().textContent()).toContain('path tag / expired')
      // The filters survive the reload; the server's next answer for / is a regeneration.
      expect(tab.url()).toContain('prefix=%2F&kind=page')
      await nextMiss('/')
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
