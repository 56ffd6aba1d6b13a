// `fresco dev` in Chromium (e2e/fixtures/dev-refresh): editing a client component re-renders it in
// place with its state kept (React Fast Refresh through @vitejs/plugin-react), and editing a server
// component shows the new output without a page load (plugin-rsc's rsc:update → a fresh payload);
// a Pages Router page is a client module like any other.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, freePort, type Proc, poll, spawnProc } from '../harness/index.js'
import { launch, logRequests, type RequestLog } from './browser.js'

let app: App
let dev: Proc
let url: string
let browser: Browser
let page: Page
let log: RequestLog
const errors: string[] = []

beforeAll(async () => {
  app = await createApp(fixture('dev-refresh'))
  const port = await freePort()
  dev = spawnProc('npx', ['--no-install', 'fresco', 'dev', '--port', String(port)], {
    cwd: app.dir,
    label: 'fresco dev',
  })
  url = `http://127.0.0.1:${port}`
  await poll(
    async () => {
      if (dev.child.exitCode !== null) throw new Error(`fresco dev exited:\n${dev.output()}`)
      const res = await fetch(url, { signal: AbortSignal.timeout(30_000) })
      return res.status === 200 ? true : undefined
    },
    { timeoutMs: 120_000, intervalMs: 500, what: `fresco dev answering on ${url}` },
  )
  browser = await launch()
  // A first visit lets Vite discover and pre-bundle the client's dependencies (which may reload the
  // page once); the test's page is the second visit.
  const warm = await browser.newPage()
  await warm.goto(url)
  await warm.locator('#counter[data-hydrated="true"]').waitFor({ timeout: 60_000 })
  await warm.close()
  page = await browser.newPage()
  page.setDefaultTimeout(30_000)
  page.on('pageerror', (e) => errors.push(e.message))
  log = logRequests(page)
  await page.goto(url)
  await page.locator('#counter[data-hydrated="true"]').waitFor()
})

afterAll(async () => {
  await browser?.close()
  await dev?.stop()
  await app?.cleanup()
})

function edit(file: string, from: string, to: string): void {
  const path = join(app.dir, file)
  const text = readFileSync(path, 'utf8')
  expect(text).toContain(from)
  writeFileSync(path, text.replace(from, to))
}

const text = (selector: string) => page.locator(selector).textContent()

describe('fresco dev', () => {
  it('a client component edit shows the new text and keeps the count (React Fast Refresh)', async () => {
    for (let i = 0; i < 3; i++) await page.click('#counter')
    expect(await text('#count')).toBe('3')
    // A full reload would clear this; Fast Refresh keeps the page (and the window) as it is.
    await page.evaluate(() => {
      ;(window as unknown as { __kept: boolean }).__kept = true
    })

    edit('app/counter.tsx', 'label one', 'label two')
    await expect.poll(() => text('#label'), { timeout: 30_000 }).toBe('label two')
    expect(await text('#count')).toBe('3')
    expect(await page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true)
    expect(log.documents()).toBe(1)
  })

  it('a server component edit shows the new output without a page load, keeping client state', async () => {
    edit('app/page.tsx', 'server text one', 'server text two')
    await expect.poll(() => text('#server-text'), { timeout: 30_000 }).toBe('server text two')
    expect(await text('#count')).toBe('3')
    expect(await text('#label')).toBe('label two')
    expect(await page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true)
    expect(log.documents()).toBe(1)
    expect(errors).toEqual([])
  })

  it('a Pages Router page edit shows the new text and keeps the count', async () => {
    const pages = await browser.newPage()
    pages.setDefaultTimeout(30_000)
    const pagesLog = logRequests(pages)
    await pages.goto(`${url}/legacy`)
    await pages.locator('#counter[data-hydrated="true"]').waitFor()
    for (let i = 0; i < 3; i++) await pages.click('#counter')
    expect(await pages.locator('#count').textContent()).toBe('3')

    edit('pages/legacy.tsx', 'pages label one', 'pages label two')
    await expect
      .poll(() => pages.locator('#label').textContent(), { timeout: 30_000 })
      .toBe('pages label two')
    expect(await pages.locator('#count').textContent()).toBe('3')
    expect(pagesLog.documents()).toBe(1)
    await pages.close()
  })
})
