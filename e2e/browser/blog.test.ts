// The example blog (examples/blog) in the system Chromium, built from the tarballs and fed by its CMS (a temp
// SQLite file): <Link> prefetch and client navigation between the list and the posts, the Server Action
// form with and without JavaScript, and a CMS edit (through its revalidation webhook) seen on reload.
// Every assertion about the router counts requests on the wire; none measures time.
import { join } from 'node:path'
import type { Browser, BrowserContext, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, type Cms, createApp, freePort, repoRoot, type Server, startCms } from '../harness/index.js'
import { launch, logRequests } from './browser.js'

const SECRET = 'browser-secret-0123456789'
const SEED = 25
let cms: Cms
let app: App
let server: Server
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const port = await freePort()
  cms = await startCms({ seed: SEED, blogUrl: `http://127.0.0.1:${port}`, secret: SECRET })
  const env = { CMS_URL: cms.url, REVALIDATE_SECRET: SECRET }
  app = await createApp(join(repoRoot, 'examples', 'blog'))
  const build = await app.build(env)
  if (build.code !== 0)
    throw new Error(`fresco build of examples/blog failed (${build.code}):\n${build.output}`)
  server = await app.start(env, port)
  browser = await launch()
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()))
  await browser?.close()
  await app?.cleanup()
  await cms?.stop()
})

/**
 * A new browser context on `path`. `holdPrefetches`: prefetch answers wait (in the browser, not on the
 * server) until `release()`, so the router's queue stays full and later links stay queued.
 */
async function open(path: string, opts: { javaScriptEnabled?: boolean; holdPrefetches?: boolean } = {}) {
  // Tall enough that every post link of the list is within the observer's margin without scrolling.
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    viewport: { width: 1280, height: 900 },
  })
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const log = logRequests(page)
  const held: Route[] = []
  let holding = opts.holdPrefetches === true
  if (holding) {
    await page.route('**/_fresco/rsc/**', (route) => {
      if (holding && route.request().headers()['x-fresco-prefetch']) held.push(route)
      else void route.continue()
    })
  }
  const release = async () => {
    holding = false
    await Promise.all(held.splice(0).map((r) => r.continue()))
  }
  const answered = new Map<string, number>() // RSC requests answered (body read), per page path
  page.on('requestfinished', (r) => {
    const path = new URL(r.url()).pathname
    if (path.startsWith('/_fresco/rsc/')) {
      const key = path.slice('/_fresco/rsc'.length)
      answered.set(key, (answered.get(key) ?? 0) + 1)
    }
  })
  await page.goto(server.url + path)
  /** Every post link on the list prefetched, and answered: the router is up and its queue is idle. */
  const prefetchedAll = async (except?: number) => {
    for (let id = 1; id <= SEED; id++) {
      if (id === except) continue
      await until(() => log.rsc(`/blog/${id}`, 'prefetch'), `prefetch of /blog/${id}`).toBe(1)
      await until(() => answered.get(`/blog/${id}`) ?? 0, `answer to /blog/${id}`).toBe(1)
    }
  }
  return { page, log, prefetchedAll, held, release }
}

const mark = (page: Page) =>
  page.evaluate(() => {
    ;(window as { __marker?: string }).__marker = 'same document'
  })
const marked = (page: Page) => page.evaluate(() => (window as { __marker?: string }).__marker)

/** Waits for a state (bounded; never asserts on time): 2 shared cores can take seconds for 25 prefetches. */
const until = <T>(fn: () => T | Promise<T>, message?: string) =>
  expect.poll(fn, { timeout: 20_000, interval: 50, message })
const heading = (page: Page) => page.locator('main h1').first().textContent()
const postLink = (page: Page, id: number) => page.locator(`main a[href="/blog/${id}"]`)
const listTitles = (page: Page) => page.locator('main li a').allTextContents()
const creates = async () => (await cms.stats()).requests['POST /blog'] ?? 0

/** The CMS's own title of a post (what the list and the post page must show). */
async function cmsTitle(id: number): Promise<string> {
  const res = await fetch(`${cms.url}/blog/${id}`)
  return ((await res.json()) as { title: string }).title
}

describe('examples/blog in a browser', () => {
  it('prefetches the posts on /blog, opens one without a full load, and goes back without a request', async () => {
    const { page, log, prefetchedAll } = await open('/blog')
    expect(await heading(page)).toBe('Blog posts')
    const titles = await listTitles(page)
    expect(titles).toHaveLength(SEED)
    expect(titles[0]).toBe(await cmsTitle(1))
    // Every link is in view (with the observer's margin): each post is prefetched, once.
    await prefetchedAll()
    await mark(page)
    const before = log.rscTotal()
    const title3 = await cmsTitle(3)
    await postLink(page, 3).click()
    await until(() => heading(page)).toBe(title3)
    expect(new URL(page.url()).pathname).toBe('/blog/3')
    expect(await page.title()).toBe(`${title3} · The Fresco blog`)
    // The post says what ISR is doing with it: its cached copy's age, ticking in the browser.
    await until(() => page.locator('#isr-status').textContent()).toMatch(
      /, \d+ s ago; revalidated every 60 s\./,
    )
    expect(await marked(page)).toBe('same document')
    expect(log.documents()).toBe(1)
    expect(log.rscTotal()).toBe(before) // the prefetched payload was used: no request on click
    await page.evaluate(() => window.history.back())
    await until(() => heading(page)).toBe('Blog posts')
    expect(new URL(page.url()).pathname).toBe('/blog')
    expect(await listTitles(page)).toEqual(titles)
    expect(log.rscTotal()).toBe(before)
    expect(log.documents()).toBe(1)
    expect(await marked(page)).toBe('same document')
    for (let id = 1; id <= SEED; id++) expect(log.rsc(`/blog/${id}`), `/blog/${id}`).toBe(1)
  })

  it('a click on a link whose prefetch is still queued asks for the post once', async () => {
    const { page, log, prefetchedAll, held, release } = await open('/blog', { holdPrefetches: true })
    // Hydrated, and the queue's 4 slots are taken by prefetches that have not been answered.
    await until(() => held.length).toBe(4)
    expect(log.rsc('/blog/12')).toBe(0)
    await mark(page)
    const title = await cmsTitle(12)
    await postLink(page, 12).click() // the hover moves /blog/12 to the front of the queue; the click fetches it
    await until(() => heading(page)).toBe(title)
    expect(log.rsc('/blog/12', 'navigation')).toBe(1)
    expect(await marked(page)).toBe('same document')
    await release()
    await page.evaluate(() => window.history.back())
    await until(() => heading(page)).toBe('Blog posts')
    await prefetchedAll(12) // the queue has drained
    expect(log.rsc('/blog/12')).toBe(1) // the queued prefetch found the page in the Router Cache
    expect(log.documents()).toBe(1)
  })

  it('publishes a post with the Server Action form: the list shows it in the same round trip', async () => {
    const { page, log, prefetchedAll } = await open('/blog')
    await prefetchedAll()
    await mark(page)
    const createsBefore = await creates()
    const rscBefore = log.rscTotal()
    const title = 'Published from the browser'
    await page.fill('#new-post input[name="title"]', title)
    await page.fill('#new-post textarea[name="content"]', 'Written with JavaScript on.')
    await page.click('#new-post button[type="submit"]')
    await until(() => listTitles(page)).toContain(title)
    expect(log.actions()).toBe(1)
    expect(log.documents()).toBe(1)
    // The action's answer carried the new list: no request for /blog; the only RSC requests since are
    // prefetches of the new post's link.
    expect(log.rscTotal() - rscBefore).toBe(log.rsc(`/blog/${SEED + 1}`, 'prefetch'))
    expect(await marked(page)).toBe('same document')
    expect(await creates()).toBe(createsBefore + 1)
    expect(await listTitles(page)).toHaveLength(SEED + 1)
    // The cached /blog was revalidated: the next request renders it (MISS), the one after is served (HIT).
    const first = await server.get('/blog')
    expect(first.cache).toBe('MISS')
    expect(first.text).toContain(title)
    const second = await server.get('/blog')
    expect(second.cache).toBe('HIT')
    expect(second.text).toContain(title)
    // The new post was not prerendered (its prefetch got nothing): the click renders it on demand.
    await postLink(page, SEED + 1).click()
    await until(() => heading(page)).toBe(title)
    expect(new URL(page.url()).pathname).toBe(`/blog/${SEED + 1}`)
    expect(log.rsc(`/blog/${SEED + 1}`, 'navigation')).toBe(1)
    expect(log.documents()).toBe(1)
    expect(await marked(page)).toBe('same document')
  })

  it('works without JavaScript: the home page, the list, a post, links (full loads) and the form', async () => {
    const { page, log } = await open('/', { javaScriptEnabled: false })
    expect(await heading(page)).toBe('The Fresco blog')
    await page.click('main a[href="/blog"]')
    await page.waitForURL(`${server.url}/blog`)
    expect(await heading(page)).toBe('Blog posts')
    expect(await listTitles(page)).toContain(await cmsTitle(5))
    await postLink(page, 5).click()
    await page.waitForURL(`${server.url}/blog/5`)
    expect(await heading(page)).toBe(await cmsTitle(5))
    await page.click('header a[href="/blog"]')
    await page.waitForURL(`${server.url}/blog`)
    expect(await heading(page)).toBe('Blog posts')
    expect(log.documents()).toBe(4)
    const createsBefore = await creates()
    const title = 'Published without JavaScript'
    await page.fill('#new-post input[name="title"]', title)
    await page.fill('#new-post textarea[name="content"]', 'A plain form post.')
    await Promise.all([page.waitForEvent('load'), page.click('#new-post button[type="submit"]')])
    // The action's answer is the re-rendered list page, already showing the post.
    expect(new URL(page.url()).pathname).toBe('/blog')
    expect(await listTitles(page)).toContain(title)
    expect(await creates()).toBe(createsBefore + 1)
    expect(log.documents()).toBe(5)
    expect(log.rscTotal()).toBe(0)
    const created = (await listTitles(page)).length
    await page.click(`main a:text-is(${JSON.stringify(title)})`)
    await page.waitForURL(`${server.url}/blog/${created}`)
    expect(await heading(page)).toBe(title)
  })

  it('a post edited in the CMS (its webhook revalidates) shows the new title on reload', async () => {
    const { page, log } = await open('/blog/7')
    expect(await heading(page)).toBe(await cmsTitle(7))
    const title = 'Post 7, edited in the CMS'
    const res = await fetch(`${cms.url}/blog/7`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-cms-webhook')).toBe('200')
    await page.reload()
    expect(await heading(page)).toBe(title)
    expect(await page.title()).toBe(`${title} · The Fresco blog`)
    // The webhook revalidated the posts tag: the list, reached client-side, has the new title too.
    await page.click('header a[href="/blog"]')
    await until(() => heading(page)).toBe('Blog posts')
    expect((await listTitles(page))[6]).toBe(title)
    expect(log.documents()).toBe(2) // the first load and the reload
  })
})
