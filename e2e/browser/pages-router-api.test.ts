// next/router's full API in the system Chromium, against a real build of e2e/fixtures/pages-extras:
// shallow routing (no data request), hash changes (hashChange events, no data request),
// routeChangeError on a cancelled navigation, beforePopState, reload(), a getInitialProps page
// reached by next/link (its data URL once, _app state kept), and an error page that hydrates.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type App, createApp, fixture, type Server } from '../harness/index.js'
import { launch } from './browser.js'
import { pagesRequests } from './pages-requests.js'
import { startServer } from './serve.js'

let app: App
let server: Server
let browser: Browser

beforeAll(async () => {
  app = await createApp(fixture('pages-extras'))
  const result = await app.build()
  if (result.code !== 0) throw new Error(`fresco build of pages-extras failed:\n${result.output}`)
  server = await startServer(app.dir)
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await app?.cleanup()
})

async function open(path: string) {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const log = pagesRequests(page)
  await page.goto(`${server.url}${path}`)
  await page.locator('#app-counter[data-hydrated="true"]').waitFor()
  return { context, page, log }
}

const routerLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { routerLog?: string[] }).routerLog ?? [])
const state = (page: Page) => page.locator('#state').textContent()

it('shallow routing changes the URL and query without data fetching; a deep push fetches once', async () => {
  const { context, page, log } = await open('/router')
  await page.click('#shallow')
  await expect.poll(() => state(page)).toContain('tab=2 asPath=/router?tab=2')
  expect(new URL(page.url()).search).toBe('?tab=2')
  expect(log.data('/router.json')).toBe(0)
  expect(await routerLog(page)).toEqual([
    'routeChangeStart /router?tab=2 shallow=true',
    'beforeHistoryChange /router?tab=2 shallow=true',
    'routeChangeComplete /router?tab=2 shallow=true',
  ])
  await page.click('#deep')
  await expect.poll(() => state(page)).toContain('tab=3')
  expect(log.data('/router.json')).toBe(1)
  expect((await routerLog(page)).slice(3)).toEqual([
    'routeChangeStart /router?tab=3 shallow=false',
    'beforeHistoryChange /router?tab=3 shallow=false',
    'routeChangeComplete /router?tab=3 shallow=false',
  ])
  expect(log.documents()).toBe(1)
  await context.close()
})

it('a hash-only change emits hashChangeStart/Complete, scrolls, and fetches nothing', async () => {
  const { context, page, log } = await open('/router?tab=2')
  await page.click('#hash')
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000)
  expect(new URL(page.url()).hash).toBe('#section')
  expect(await routerLog(page)).toEqual([
    // As Next: no beforeHistoryChange for a hash-only change.
    'hashChangeStart /router?tab=2#section shallow=false',
    'hashChangeComplete /router?tab=2#section shallow=false',
  ])
  expect(await state(page)).toContain('asPath=/router?tab=2#section')
  expect(log.data('.json')).toBe(0)
  // Back from a hash entry: stays on the page, no reload.
  await page.goBack()
  await expect.poll(() => new URL(page.url()).hash).toBe('')
  expect(log.documents()).toBe(1)
  await context.close()
})

it('a navigation started over another cancels it with routeChangeError (cancelled)', async () => {
  const { context, page } = await open('/router')
  await page.click('#race')
  await expect.poll(() => state(page)).toContain('tab=9')
  const lines = await routerLog(page)
  expect(lines).toContain('routeChangeError /gip?q=slow shallow=false cancelled')
  expect(lines.at(-1)).toBe('routeChangeComplete /router?tab=9 shallow=false')
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/router?tab=9')
  await context.close()
})

it('beforePopState sees back/forward first and may keep the router from handling it; reload() reloads', async () => {
  const { context, page, log } = await open('/router')
  await page.click('#deep')
  await expect.poll(() => state(page)).toContain('tab=3')
  await page.goBack()
  await expect.poll(() => state(page)).toContain('tab= ')
  expect(await routerLog(page)).toContain('beforePopState /router')
  await page.click('#block-pop')
  await page.goForward()
  await expect.poll(async () => (await routerLog(page)).at(-1)).toBe('beforePopState /router?tab=3')
  // Blocked: the URL moved, the router left the page as it was.
  expect(await state(page)).toContain('tab= ')
  expect(log.documents()).toBe(1)
  await page.click('#reload')
  await expect.poll(() => log.documents()).toBe(2)
  await context.close()
})

it('a getInitialProps page reached by next/link: its data URL once, _app state kept', async () => {
  const { context, page, log } = await open('/')
  await page.click('#app-counter')
  await page.click('#to-gip')
  await page.locator('#gip').waitFor()
  expect(await page.locator('#gip').textContent()).toMatch(/^gip request q=linked calls=\d+$/)
  expect(await page.locator('#app').getAttribute('data-app-prop')).toBe('app:/gip:request')
  expect(await page.locator('#app-counter').textContent()).toBe('clicks: 1')
  expect(log.navigations('/gip.json')).toBe(1)
  expect(log.documents()).toBe(1)
  await context.close()
})

it('the 500 page hydrates inside _app', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const response = await page.goto(`${server.url}/boom`)
  expect(response?.status()).toBe(500)
  await page.locator('#app-counter[data-hydrated="true"]').waitFor()
  expect(await page.locator('#five').textContent()).toBe('custom 500 page static')
  await page.click('#app-counter')
  expect(await page.locator('#app-counter').textContent()).toBe('clicks: 1')
  await context.close()
})
