// The system Chromium through playwright-core (never `playwright install`), and a request log per
// page: the router's behaviour is asserted by counting what went over the wire.
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core'
import { type App, createApp, fixture, type Server } from '../harness/index.js'
import { startServer } from './serve.js'

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export interface RequestLog {
  /** RSC payload requests whose page path is `path` ('/static-a'): prefetches, navigations or both. */
  rsc(path: string, kind?: 'prefetch' | 'navigation'): number
  /** Every RSC payload request. */
  rscTotal(): number
  /** Document loads (a full page load each). */
  documents(): number
  /** Server Action posts. */
  actions(): number
}

export function logRequests(page: Page): RequestLog {
  const seen: Request[] = []
  page.on('request', (r) => seen.push(r))
  // E2E_BROWSER_LOG=1: the page's console, errors and requests on stderr (debugging a failure).
  if (process.env.E2E_BROWSER_LOG) {
    page.on('console', (m) => process.stderr.write(`[console.${m.type()}] ${m.text()}\n`))
    page.on('pageerror', (e) => process.stderr.write(`[pageerror] ${e.stack ?? e.message}\n`))
    page.on('request', (r) =>
      process.stderr.write(`[request] ${r.method()} ${r.url()} ${r.resourceType()}\n`),
    )
    page.on('response', (r) => process.stderr.write(`[response] ${r.status()} ${r.url()}\n`))
  }
  const pathOf = (r: Request) => new URL(r.url()).pathname
  const isRsc = (r: Request) => pathOf(r).startsWith('/_fresco/rsc')
  return {
    rsc: (path, kind) =>
      seen.filter(
        (r) =>
          isRsc(r) &&
          (pathOf(r).slice('/_fresco/rsc'.length) || '/') === path &&
          (kind === undefined || (r.headers()['x-fresco-prefetch'] !== undefined) === (kind === 'prefetch')),
      ).length,
    rscTotal: () => seen.filter(isRsc).length,
    documents: () => seen.filter((r) => r.resourceType() === 'document').length,
    actions: () => seen.filter((r) => r.method() === 'POST' && r.headers()['x-fresco-action']).length,
  }
}

/** Waits until the page's client components are hydrated (the fixture's counter says so). */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('#root-counter[data-hydrated="true"]').waitFor()
}

export interface BrowserApp {
  app: App
  server: Server
  browser: Browser
  /** A page in a new context; `errors` collects page errors, console errors and failed responses. */
  newPage(): Promise<{ page: Page; errors: string[] }>
  close(): Promise<void>
}

/** Builds a fixture, starts it and launches Chromium: one per test file (beforeAll / afterAll). */
export async function openBrowserApp(name: string): Promise<BrowserApp> {
  const app = await createApp(fixture(name))
  const result = await app.build()
  if (result.code !== 0) throw new Error(`fresco build of the ${name} fixture failed:\n${result.output}`)
  const server = await startServer(app.dir)
  const browser = await launch()
  const contexts: BrowserContext[] = []
  return {
    app,
    server,
    browser,
    async newPage() {
      const context = await browser.newContext()
      contexts.push(context)
      const page = await context.newPage()
      page.setDefaultTimeout(20_000)
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text())
      })
      // The browser's own favicon request is the one 404 a page without an icon gets.
      page.on('response', (r) => {
        if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico')
          errors.push(`${r.status()} ${r.url()}`)
      })
      return { page, errors }
    },
    async close() {
      await Promise.all(contexts.map((c) => c.close()))
      await browser.close()
      await server.stop()
      await app.cleanup()
    },
  }
}
