// next.config's trailingSlash: true in Chromium (e2e/fixtures/next-config): a <Link> and
// router.push() land on the canonical `/about/` by client navigation (one document load), as on
// `next start`, where both normalise the href the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserApp, hydrated, logRequests, openBrowserApp } from './browser.js'

let b: BrowserApp

beforeAll(async () => {
  b = await openBrowserApp('next-config')
})

afterAll(async () => {
  await b?.close()
})

describe('trailingSlash: true on the client', () => {
  it('<Link href="/about"> and router.push("/isr") navigate to /about/ and /isr/ without a reload', async () => {
    const { page, errors } = await b.newPage()
    const log = logRequests(page)
    await page.goto(`${b.server.url}/`)
    await hydrated(page)
    await page.click('a[href="/about/"]')
    await page.locator('#about').waitFor()
    expect(new URL(page.url()).pathname).toBe('/about/')
    await page.goBack()
    await page.locator('#push').waitFor()
    await hydrated(page)
    await page.click('#push')
    await page.locator('#env').waitFor()
    expect(new URL(page.url()).pathname).toBe('/isr/')
    expect(await page.locator('#env').textContent()).toBe('hello-from-env|fresco.config|8|undefined')
    expect(log.documents()).toBe(1)
    expect(errors).toEqual([])
  })
})
