// Client navigations through rewrites and redirects (e2e/fixtures/routing) in Chromium: a <Link>
// to a rewritten URL renders the destination's page in place, keeps the source URL in the address
// bar and loads no document; a <Link> to a redirected URL ends on the redirect's target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserApp, openBrowserApp } from './browser.js'

let b: BrowserApp

beforeAll(async () => {
  b = await openBrowserApp('routing')
})

afterAll(async () => {
  await b?.close()
})

async function home() {
  const { page, errors } = await b.newPage()
  let documents = 0
  page.on('request', (r) => {
    if (r.resourceType() === 'document') documents++
  })
  await page.goto(`${b.server.url}/`)
  await page.locator('#hydrated[data-hydrated="true"]').waitFor({ state: 'attached' })
  return { page, errors, documents: () => documents }
}

describe('client navigation through routing rules', () => {
  it('a beforeFiles rewrite: the ISR page in place, the source URL kept, no document load', async () => {
    const { page, errors, documents } = await home()
    await page.click('#to-before')
    await page.getByText(/isr at=/).waitFor()
    expect(new URL(page.url()).pathname).toBe('/before-isr')
    expect(documents()).toBe(1)
    expect(errors).toEqual([])
  })

  it('a middleware rewrite: the same', async () => {
    const { page, errors, documents } = await home()
    await page.click('#to-mw')
    await page.getByText(/isr at=/).waitFor()
    expect(new URL(page.url()).pathname).toBe('/mw/rewrite-isr')
    expect(documents()).toBe(1)
    expect(errors).toEqual([])
  })

  it('a config redirect ends on its target', async () => {
    const { page } = await home()
    await page.click('#to-old')
    await page.waitForURL((url) => url.pathname === '/isr')
    await page.getByText(/isr at=/).waitFor()
  })
})
