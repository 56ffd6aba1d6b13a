// Server Actions, forms and client hooks as Next.js 16 behaves in the browser (e2e/fixtures/
// parity-actions, compared with `next start` on the same app): notFound() and errors inside
// actions, cookies set by an action, useSelectedLayoutSegment(s), useSearchParams on a static
// page, a Link to a static redirect, and next/form.
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, type Server } from '../harness/index.js'
import { hydrated, launch, logRequests } from './browser.js'
import { startServer } from './serve.js'

let app: App
let server: Server
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  app = await createApp(fixture('parity-actions'))
  const result = await app.build()
  if (result.code !== 0)
    throw new Error(`fresco build of the parity-actions fixture failed:\n${result.output}`)
  server = await startServer(app.dir)
  browser = await launch()
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()))
  await browser?.close()
  await server?.stop()
  await app?.cleanup()
})

async function open(path: string) {
  const context = await browser.newContext()
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text())
  })
  const log = logRequests(page)
  await page.goto(server.url + path)
  await hydrated(page)
  return { page, log, errors, context }
}

const text = (page: Awaited<ReturnType<typeof open>>['page'], selector: string) =>
  expect.poll(() => page.locator(selector).textContent())

describe('Server Actions in the browser', () => {
  it('notFound() in an action shows the not-found UI in place of the page, URL kept', async () => {
    const { page, log, errors } = await open('/nf')
    await page.click('#go')
    await text(page, '#title').toBe('Custom not found')
    expect(new URL(page.url()).pathname).toBe('/nf')
    expect(log.actions()).toBe(1)
    expect(log.documents()).toBe(1)
    expect(errors).toEqual([])
  })

  it('an action that throws shows error.tsx with the message hidden and a digest', async () => {
    const { page } = await open('/throw')
    await page.click('#go')
    await text(page, '#title').toBe('Error boundary')
    expect(await page.locator('#msg').textContent()).not.toContain('secret server message')
    expect(await page.locator('#digest').textContent()).toBe('has digest')
  })

  it('the page renders again with the cookies the action set or deleted, in the same round trip', async () => {
    const { page, log, context } = await open('/cookie')
    await text(page, '#val').toBe('flavor none')
    await page.click('#set')
    await text(page, '#val').toBe('flavor mint')
    expect((await context.cookies()).map((c) => `${c.name}=${c.value}`)).toContain('flavor=mint')
    await page.click('#del')
    // Next.js still finds the deleted cookie, with an empty value ('flavor '); Fresco: gone.
    await text(page, '#val').toBe('flavor none')
    expect((await context.cookies()).some((c) => c.name === 'flavor')).toBe(false)
    expect(log.actions()).toBe(2)
    expect(log.rscTotal()).toBe(0)
  })
})

describe('client hooks', () => {
  it('useSelectedLayoutSegment(s) read the segments below the layout', async () => {
    const deep = await open('/seg/a/b')
    await text(deep.page, '#seg').toBe(JSON.stringify({ s: 'a', ss: ['a', 'b'] }))
    const top = await open('/seg')
    await text(top.page, '#seg').toBe(JSON.stringify({ s: null, ss: [] }))
  })

  it('useSearchParams on a static page reads the URL in the browser, without a hydration error', async () => {
    const { page, errors } = await open('/static-sp?q=zz')
    await text(page, '#sp').toBe('q=zz path=/static-sp')
    expect(errors).toEqual([])
    // The shared HTML shows the Suspense fallback, not a guessed (empty) query string.
    const html = await (await fetch(`${server.url}/static-sp?q=zz`)).text()
    expect(html).toContain('loading')
    expect(html).not.toContain('q=none')
  })

  it('a Link to a static page that redirects navigates on the client, without a document load', async () => {
    const { page, log } = await open('/')
    await page.click('#to-redirect')
    await text(page, '#title').toBe('Target')
    expect(new URL(page.url()).pathname).toBe('/target')
    expect(log.documents()).toBe(1)
  })
})

describe('next/form', () => {
  it('a URL action submits as a client navigation with the fields as the query string', async () => {
    const { page, log } = await open('/form-next')
    await page.click('#go')
    await text(page, '#q').toBe('q=viaform')
    expect(new URL(page.url()).search).toBe('?q=viaform')
    expect(log.documents()).toBe(1)
    expect(log.rsc('/search', 'navigation')).toBe(1)
  })

  it('a plain <form action="/search"> stays a document navigation', async () => {
    const { page, log } = await open('/search')
    await page.click('#go')
    await text(page, '#q').toBe('q=abc')
    expect(log.documents()).toBe(2)
  })
})

describe('a page that throws while rendering (500, client-rendered document as in Next.js)', () => {
  it('shows the nearest error.tsx inside the layouts, with a digest and the message hidden', async () => {
    const context = await browser.newContext()
    contexts.push(context)
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    const res = await page.goto(`${server.url}/boom`)
    expect(res?.status()).toBe(500)
    await text(page, '#title').toBe('Page error boundary')
    await hydrated(page)
    expect(await page.locator('#msg').textContent()).not.toContain('secret page message')
    expect(await page.locator('#digest').textContent()).toBe('has digest')
  })

  it("without any error.tsx: Next's default error page with the digest", async () => {
    const context = await browser.newContext()
    contexts.push(context)
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    const res = await page.goto(`${server.url}/bare`)
    expect(res?.status()).toBe(500)
    await text(page, 'h2').toContain('Application error: a server-side exception has occurred')
    expect(await page.locator('p').textContent()).toMatch(/^Digest: FRESCO_ERROR;/)
    expect(await page.content()).not.toContain('secret bare message')
  })
})
