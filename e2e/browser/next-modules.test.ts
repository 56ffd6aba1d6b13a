// next/script, next/dynamic and next/constants in Chromium (e2e/fixtures/next-modules): each
// script runs once per page however many <Script>s name it and however often they remount, onLoad
// and onReady are called as Next calls them, a dynamic component shows its loading UI first, and an
// `ssr: false` component is absent from the HTML.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserApp, logRequests, openBrowserApp } from './browser.js'

let b: BrowserApp
let server: BrowserApp['server']

beforeAll(async () => {
  b = await openBrowserApp('next-modules')
  server = b.server
})

afterAll(async () => {
  await b?.close()
})

const newPage = () => b.newPage()
const global = (page: Page, name: string) => page.evaluate((n) => (window as never)[n], name)

describe('next/script', () => {
  it('server HTML: the beforeInteractive script inline, afterInteractive preloaded, no lazyOnload script', async () => {
    const html = (await server.get('/script')).text
    expect(html).toContain('<script id="early">window.__early')
    expect(html).toMatch(/<link rel="preload" href="\/counter\.js" as="script"/)
    expect(html).not.toContain('lazy.js')
    expect(html).not.toContain('__inlineRuns')
  })

  it('runs each script once, calls onLoad once and onReady again on a remount after client navigation', async () => {
    const { page, errors } = await newPage()
    const log = logRequests(page)
    await page.goto(`${server.url}/script`)
    await page.locator('#scripts[data-hydrated="true"]').waitFor()
    await expect.poll(() => page.locator('#loads').textContent()).toBe('1')
    await expect.poll(() => page.locator('#lazy').textContent()).toBe('lazy loaded')
    expect(await global(page, '__early')).toEqual(['loading']) // ran while the document parsed
    expect(await global(page, '__counterRuns')).toBe(1) // two <Script id="counter">, one element
    expect(await global(page, '__inlineRuns')).toBe(1)
    expect(await global(page, '__lazyRuns')).toBe(1)
    expect(await global(page, '__lazyAfterLoad')).toBe(true)
    expect(await global(page, '__readies')).toBe(1)
    expect(await page.locator('script[src="/counter.js"]').count()).toBe(1)

    await page.click('#to-other')
    await page.locator('#other').waitFor()
    await page.click('#back')
    await page.locator('#scripts').waitFor()
    await expect.poll(() => global(page, '__readies')).toBe(2)
    expect(log.documents()).toBe(1) // client navigations, not reloads
    expect(await global(page, '__counterRuns')).toBe(1)
    expect(await global(page, '__inlineRuns')).toBe(1)
    expect(await global(page, '__lazyRuns')).toBe(1)
    expect(await global(page, '__early')).toEqual(['loading'])
    expect(await page.locator('#loads').textContent()).toBe('0') // a remount: onLoad is not called again
    expect(errors).toEqual([])
  })
})

describe('next/dynamic', () => {
  it('server HTML: the server-rendered parts, the ssr: false loading UI and not its component', async () => {
    const html = (await server.get('/dynamic')).text
    expect(html).toContain('<p id="server-part">rendered on the server</p>')
    expect(html).toContain('<p id="named">hi from a named export</p>')
    expect(html).toContain('<p id="chart-loading">Loading chart…</p>')
    expect(html).not.toContain('id="chart"')
  })

  it('shows the loading UI, then the ssr: false component once its code arrived', async () => {
    const { page, errors } = await newPage()
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    // Hold the chart's chunk so the loading UI is observable after hydration.
    await page.route(/\/chart-[^/]*\.js$/, async (route) => {
      await gate
      await route.continue()
    })
    await page.goto(`${server.url}/dynamic`)
    await page.locator('#panels[data-hydrated="true"]').waitFor()
    expect(await page.locator('#chart-loading').textContent()).toBe('Loading chart…')
    expect(await page.locator('#chart').count()).toBe(0)
    release()
    await expect.poll(() => page.locator('#chart').textContent()).toBe('chart of sales, in a window')
    expect(await page.locator('#chart-loading').count()).toBe(0)
    expect(await page.locator('#named').textContent()).toBe('hi from a named export')
    expect(errors).toEqual([])
  })
})

it('next/constants: the phase names are Next.js’s', async () => {
  const html = (await server.get('/constants')).text
  expect(html).toContain('phase-production-build phase-production-server phase-development-server')
})

describe('next/image', () => {
  it('the browser loads a srcset candidate from the endpoint as WebP and drops the blur placeholder', async () => {
    const { page, errors } = await newPage()
    const images: { url: string; type: string | undefined }[] = []
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/_fresco/image')
        images.push({ url: r.url(), type: r.headers()['content-type'] })
    })
    await page.goto(`${server.url}/images`)
    const photo = page.locator('#photo')
    await photo.scrollIntoViewIfNeeded()
    await expect
      .poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0)
    // A 400 px wide image on a 1x screen: the 1x candidate (640 px), as WebP (Chromium accepts it).
    expect(await photo.evaluate((img: HTMLImageElement) => img.currentSrc)).toContain(
      'url=%2Fphoto.jpg&w=640&q=75',
    )
    expect(images.find((i) => i.url.includes('photo.jpg'))?.type).toBe('image/webp')
    const hero = page.locator('#hero')
    await expect.poll(() => hero.evaluate((img: HTMLImageElement) => img.style.backgroundImage)).toBe('')
    expect(errors).toEqual([])
  })
})
