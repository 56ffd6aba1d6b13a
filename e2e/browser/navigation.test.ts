// Client navigation against a real build of e2e/fixtures/nav in the system Chromium: prefetch,
// the Router Cache and its stale times, back/forward, layout state, loading/error/redirect/404,
// refresh, Server Actions, JavaScript off, and a deploy (build id change) under an open page.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, type Server } from '../harness/index.js'
import { hydrated, launch, logRequests } from './browser.js'
import { startServer } from './serve.js'

let app: App
let server: Server
let browser: Browser
const contexts: BrowserContext[] = []

async function build(): Promise<void> {
  const result = await app.build()
  if (result.code !== 0) throw new Error(`fresco build of the nav fixture failed:\n${result.output}`)
}

beforeAll(async () => {
  app = await createApp(fixture('nav'))
  // The shortest static stale time allowed (30 s); the page clock fast-forwards past it.
  writeFileSync(
    join(app.dir, 'fresco.config.ts'),
    'export default { staleTimes: { static: 30, dynamic: 0 } }\n',
  )
  await build()
  server = await startServer(app.dir)
  browser = await launch()
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()))
  await browser?.close()
  await server?.stop()
  await app?.cleanup()
})

async function open(path: string, opts: { javaScriptEnabled?: boolean; clock?: boolean } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: opts.javaScriptEnabled ?? true })
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  if (opts.clock) await page.clock.install()
  const log = logRequests(page)
  await page.goto(server.url + path)
  if (opts.javaScriptEnabled !== false) await hydrated(page)
  return { page, log }
}

async function portClosed(url: string): Promise<void> {
  await expect
    .poll(
      () =>
        fetch(url, { signal: AbortSignal.timeout(2000) }).then(
          () => 'open',
          () => 'closed',
        ),
      {
        timeout: 20_000,
      },
    )
    .toBe('closed')
}

const title = (page: Page, text: string) => expect.poll(() => page.locator('#title').textContent()).toBe(text)

describe('client navigation', () => {
  it('prefetches a static link once, reuses it within its stale time, fetches it again after', async () => {
    const { page, log } = await open('/', { clock: true })
    await expect.poll(() => log.rsc('/static-a')).toBe(1)
    await page.click('#to-a')
    await title(page, 'Static A')
    await page.click('#to-home')
    await title(page, 'Home')
    await page.click('#to-a')
    await title(page, 'Static A')
    expect(log.rsc('/static-a')).toBe(1)
    expect(log.documents()).toBe(1)
    await page.click('#to-home')
    await title(page, 'Home')
    await page.clock.fastForward(31_000)
    await page.click('#to-a') // the hover prefetches again (stale), the click waits for it
    await title(page, 'Static A')
    expect(log.rsc('/static-a')).toBe(2)
    expect(log.documents()).toBe(1)
  })

  it('prefetch={false} makes exactly one request, on click', async () => {
    const { page, log } = await open('/')
    await expect.poll(() => log.rsc('/static-a')).toBe(1) // viewport prefetches have run
    await page.hover('#to-b')
    expect(log.rsc('/static-b')).toBe(0)
    await page.click('#to-b')
    await title(page, 'Static B')
    expect(log.rsc('/static-b')).toBe(1)
    expect(log.documents()).toBe(1)
  })

  it('back and forward reuse the payloads and restore the scroll position', async () => {
    const { page, log } = await open('/long')
    await page.evaluate(() => window.scrollTo(0, 2600))
    await page.waitForFunction(() => window.scrollY >= 2500)
    await page.click('#bottom-to-a')
    await title(page, 'Static A')
    await page.waitForFunction(() => window.scrollY === 0)
    const before = log.rscTotal()
    await page.evaluate(() => window.history.back())
    await title(page, 'Long page')
    await page.waitForFunction(() => window.scrollY >= 2500)
    await page.evaluate(() => window.history.forward())
    await title(page, 'Static A')
    await page.waitForFunction(() => window.scrollY === 0)
    expect(log.rscTotal()).toBe(before)
    expect(log.documents()).toBe(1)
  })

  it('keeps the client state of layouts that did not change', async () => {
    const { page, log } = await open('/')
    for (let i = 0; i < 3; i++) await page.click('#root-counter')
    await page.click('#to-section-one')
    await title(page, 'Section one')
    await page.click('#section-counter')
    await page.click('#section-counter')
    await page.click('#to-section-two')
    await title(page, 'Section two')
    expect(await page.textContent('#section-counter')).toBe('section-counter: 2')
    await page.click('#to-a')
    await title(page, 'Static A')
    await page.click('#to-section-one')
    await title(page, 'Section one')
    // The section layout was left: it starts over; the root layout never unmounted.
    expect(await page.textContent('#section-counter')).toBe('section-counter: 0')
    expect(await page.textContent('#root-counter')).toBe('root-counter: 3')
    expect(log.documents()).toBe(1)
  })

  it("re-mounts a template.tsx on every navigation below it, while its layout's state survives", async () => {
    const { page, log } = await open('/tpl/one')
    const mounts = () => page.evaluate(() => (window as { tplMounts?: number }).tplMounts ?? 0)
    await expect.poll(mounts).toBe(1)
    await page.click('#tpl-template-counter')
    await page.click('#tpl-template-counter')
    for (let i = 0; i < 3; i++) await page.click('#tpl-layout-counter')
    expect(await page.textContent('#tpl-template-counter')).toBe('tpl-template-counter: 2')
    await page.click('#to-tpl-two')
    await title(page, 'Template two')
    // A fresh template: its state starts over and its effect ran again; the layout kept its state.
    expect(await page.textContent('#tpl-template-counter')).toBe('tpl-template-counter: 0')
    expect(await page.textContent('#tpl-layout-counter')).toBe('tpl-layout-counter: 3')
    await expect.poll(mounts).toBe(2)
    await page.click('#tpl-template-counter')
    await page.click('#to-tpl-one') // a payload from the Router Cache remounts the template too
    await title(page, 'Template one')
    expect(await page.textContent('#tpl-template-counter')).toBe('tpl-template-counter: 0')
    expect(await page.textContent('#tpl-layout-counter')).toBe('tpl-layout-counter: 3')
    await expect.poll(mounts).toBe(3)
    await page.evaluate(() => window.history.back())
    await title(page, 'Template two')
    expect(await page.textContent('#tpl-template-counter')).toBe('tpl-template-counter: 0')
    await expect.poll(mounts).toBe(4)
    expect(await page.textContent('#tpl-layout-counter')).toBe('tpl-layout-counter: 3')
    expect(log.documents()).toBe(1)
  })

  it('shows loading.tsx at once, then the slow page', async () => {
    const { page, log } = await open('/')
    await page.click('#root-counter')
    await page.click('#to-slow')
    await page.locator('#loading').waitFor()
    expect(await page.locator('#title').count()).toBe(0) // the page itself has not arrived
    await server.get('/api/release', { method: 'POST' })
    await title(page, 'Slow page')
    expect(await page.locator('#loading').count()).toBe(0)
    expect(await page.textContent('#root-counter')).toBe('root-counter: 1')
    expect(log.documents()).toBe(1)
  })

  it('router.refresh() fetches the current page again', async () => {
    const { page, log } = await open('/refresh')
    const first = await page.textContent('#renders')
    await page.click('#do-refresh')
    await expect.poll(() => page.textContent('#renders')).not.toBe(first)
    expect(log.rsc('/refresh')).toBe(1)
    expect(log.documents()).toBe(1)
  })

  it('renders error.tsx during a client navigation, and its reset retries', async () => {
    const { page, log } = await open('/')
    await page.click('#root-counter')
    await page.click('#to-broken')
    await page.locator('#error-ui').waitFor()
    await server.get('/api/fix', { method: 'POST' })
    await page.click('#retry')
    await title(page, 'Fixed')
    expect(await page.textContent('#root-counter')).toBe('root-counter: 1')
    expect(log.documents()).toBe(1)
  })

  it('follows redirect() and renders notFound() without a full load', async () => {
    const { page, log } = await open('/')
    await page.click('#to-go')
    await title(page, 'Static A')
    expect(new URL(page.url()).pathname).toBe('/static-a')
    await page.click('#to-missing')
    await page.getByText('This page could not be found.').waitFor()
    expect(new URL(page.url()).pathname).toBe('/missing')
    expect(log.documents()).toBe(1)
  })

  it('a made-up URL: the shared not-found page, usePathname() the URL shown, no hydration error', async () => {
    const context = await browser.newContext()
    contexts.push(context)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    const res = await page.goto(`${server.url}/made/up%20url`)
    expect(res?.status()).toBe(404)
    await hydrated(page)
    await page.getByText('This page could not be found.').waitFor()
    await expect.poll(() => page.locator('#shown-path').textContent()).toBe('/made/up url')
    // A soft navigation to another made-up URL: the same shared payload, its own pathname.
    await page.click('#to-missing')
    await expect.poll(() => page.locator('#shown-path').textContent()).toBe('/missing')
    expect(errors.filter((e) => !e.includes('404'))).toEqual([])
  })

  it('a Server Action updates the page and drops the cached payloads it revalidated', async () => {
    const { page, log } = await open('/')
    await expect.poll(() => log.rsc('/action')).toBe(1)
    await expect.poll(() => log.rsc('/static-a')).toBe(1)
    await page.click('#to-action')
    await title(page, 'Action')
    const count = Number((await page.textContent('#count'))?.replace('count: ', ''))
    await page.click('#submit-path') // revalidatePath('/action')
    await expect.poll(() => page.textContent('#count')).toBe(`count: ${count + 1}`)
    expect(log.actions()).toBe(1)
    await page.click('#to-a') // untouched by revalidatePath('/action'): still cached
    await title(page, 'Static A')
    expect(log.rsc('/static-a')).toBe(1)
    // Dropped: fetched again on click (the server has no stored render to prefetch until then).
    await page.click('#to-action')
    await title(page, 'Action')
    expect(log.rsc('/action', 'navigation')).toBe(1)
    expect(await page.textContent('#count')).toBe(`count: ${count + 1}`)
    await page.click('#submit-tag') // revalidateTag(): the client cannot know which pages, drops all
    await expect.poll(() => page.textContent('#count')).toBe(`count: ${count + 2}`)
    await page.click('#to-a')
    await title(page, 'Static A')
    expect(log.rsc('/static-a')).toBe(2)
    expect(log.documents()).toBe(1)
  })

  it('works without JavaScript: links load documents, forms post', async () => {
    const { page, log } = await open('/', { javaScriptEnabled: false })
    await page.click('#to-a')
    await title(page, 'Static A')
    await page.click('#to-action')
    await title(page, 'Action')
    const count = Number((await page.textContent('#count'))?.replace('count: ', ''))
    await page.click('#submit-path')
    await expect.poll(() => page.textContent('#count')).toBe(`count: ${count + 1}`)
    expect(log.rscTotal()).toBe(0)
    expect(log.documents()).toBeGreaterThanOrEqual(4)
  })

  it('turns the next navigation into a full load after a deploy (new build id)', async () => {
    const { page, log } = await open('/')
    await page.evaluate(() => {
      ;(window as { __before?: boolean }).__before = true
    })
    const port = server.port
    await server.stop()
    await portClosed(server.url)
    await build()
    server = await startServer(app.dir, port)
    await page.click('#to-b')
    await title(page, 'Static B')
    await page.waitForFunction(() => !(window as { __before?: boolean }).__before)
    expect(log.documents()).toBe(2)
  })
})
