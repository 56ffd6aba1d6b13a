// The Pages Router in the system Chromium against a real build of e2e/fixtures/pages-blog: hydration
// with props, a next/link transition through the data URL (fetched once, prefetched in production),
// _app state kept across it, next/head, back, and a new build under an open page (a full load).
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type App, type Cms, createApp, fixture, type Server, startCms } from '../harness/index.js'
import { launch } from './browser.js'
import { pagesRequests } from './pages-requests.js'
import { startServer } from './serve.js'

let cms: Cms
let app: App
let server: Server
let browser: Browser
let env: Record<string, string>

async function build(): Promise<void> {
  const result = await app.build(env)
  if (result.code !== 0) throw new Error(`fresco build of pages-blog failed:\n${result.output}`)
}

beforeAll(async () => {
  cms = await startCms({ seed: 5 })
  env = { CMS_URL: cms.url, REVALIDATE_SECRET: 'browser-secret' }
  app = await createApp(fixture('pages-blog'))
  await build()
  server = await startServer(app.dir, undefined, env)
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await app?.cleanup()
  await cms?.stop()
})

const counter = (page: Page) => page.locator('#app-counter').textContent()

it('navigates with next/link through the data URL once, keeping _app state; a new build means a full load', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const log = pagesRequests(page)
  await page.goto(`${server.url}/`)
  await page.locator('#app-counter[data-hydrated="true"]').waitFor()
  expect(await page.title()).toBe('Pages blog')
  // _app's global stylesheet is linked in the server HTML.
  expect(await page.locator('h1').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(10, 20, 30)')
  for (let i = 0; i < 3; i++) await page.click('#app-counter')
  expect(await counter(page)).toBe('clicks: 3')

  // Production prefetches the link's data when it enters the viewport; the click reuses it.
  await expect.poll(() => log.data('/blog/1.json')).toBe(1)
  await page.click('#to-post-1')
  await page.locator('#title').waitFor()
  expect(new URL(page.url()).pathname).toBe('/blog/1')
  expect(await page.locator('#route').textContent()).toBe('/blog/[id] 1')
  expect(await counter(page)).toBe('clicks: 3')
  await expect.poll(() => page.title()).toMatch(/^Post 1: notes on/)
  expect(log.documents()).toBe(1)
  expect(log.data('/blog/1.json')).toBe(1)

  await page.goBack()
  await page.locator('#to-post-1').waitFor()
  expect(await counter(page)).toBe('clicks: 3')
  expect(log.documents()).toBe(1)

  // Deploy a new build on the same port under the open page: its data URLs are another build's, so
  // a link it has not prefetched yet becomes a full page load of the new build.
  const port = server.port
  await server.stop()
  await build()
  server = await startServer(app.dir, port, env)
  await page.evaluate(() => {
    ;(window as unknown as { beforeDeploy: boolean }).beforeDeploy = true
  })
  await page.click('#far-link')
  await page.waitForURL(`${server.url}/blog/2`)
  await page.locator('#app-counter[data-hydrated="true"]').waitFor()
  expect(await page.evaluate(() => 'beforeDeploy' in window)).toBe(false)
  expect(log.documents()).toBe(2)
  expect(await counter(page)).toBe('clicks: 0')
  await context.close()
})

it('fills a fallback: true shell in the browser: the shell first, then the page, without a reload', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const log = pagesRequests(page)
  const response = await page.goto(`${server.url}/shell/3`)
  expect(await response?.text()).toContain('Loading the post…')
  await page.locator('#title').waitFor()
  expect(await page.locator('#title').textContent()).toMatch(/^Post 3: notes on/)
  expect(await page.locator('#fallback').count()).toBe(0)
  expect(log.documents()).toBe(1)
  expect(log.data('/shell/3.json')).toBe(1)
  await context.close()
})
