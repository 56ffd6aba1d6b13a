// Parallel and intercepting routes in the system Chromium, on a real build of e2e/fixtures/slots
// (nextgram's shape: app/@modal/(.)photos/[id] over the feed; a dashboard with two slots). A client
// navigation keeps the slots the new URL does not match and shows the intercepting route in its
// slot; a reload shows the page itself with default.tsx in the slots; back/forward show each
// history entry as it was; a URL only a slot has a page for (/login) and an intercepting folder in
// children (app/gallery/(..)shots) behave as on next start 16.5. Assertions read the DOM and count
// requests on the wire, never time.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserApp, logRequests, openBrowserApp } from './browser.js'

let b: BrowserApp

beforeAll(async () => {
  b = await openBrowserApp('slots')
})

afterAll(async () => {
  await b?.close()
})

async function open(path: string, ready: string) {
  const { page, errors } = await b.newPage()
  const log = logRequests(page)
  await page.goto(b.server.url + path)
  await page.locator(`#${ready}[data-hydrated="true"]`).waitFor()
  return { page, errors, log }
}

const text = (page: Page, selector: string) => page.locator(selector).innerText()
const pathOf = (page: Page) => new URL(page.url()).pathname

describe('the modal pattern (app/@modal/(.)photos/[id])', () => {
  it('a click opens the modal over the feed, the URL changes, the feed keeps its state', async () => {
    const { page, errors, log } = await open('/', 'feed-counter')
    await page.click('#feed-counter')
    await page.click('#feed-counter')
    await page.click('#photo-1')
    await page.locator('#modal').waitFor()
    expect(pathOf(page)).toBe('/photos/1')
    expect(await text(page, '#modal')).toContain('Modal photo 1')
    // The feed is still there, the same component instance (its counter kept its count).
    expect(await text(page, '#feed-counter')).toBe('feed-counter: 2')
    expect(await page.locator('#photo-page').count()).toBe(0)
    // The modal's generateMetadata is not applied over the feed (as in Next.js).
    expect(await page.title()).toBe('Slots')
    expect(log.documents()).toBe(1)
    expect(errors).toEqual([])
  })

  it('a reload shows the photo page itself, without the modal', async () => {
    const { page } = await open('/', 'feed-counter')
    await page.click('#photo-2')
    await page.locator('#modal').waitFor()
    await page.reload()
    await page.locator('#photo-page').waitFor()
    expect(await text(page, '#photo-page h1')).toBe('Photo 2')
    expect(await page.locator('#modal').count()).toBe(0)
    expect(await page.locator('#feed').count()).toBe(0)
    // Back after the reload: the feed, no modal (the entry's payload is fetched again).
    await page.goBack()
    await page.locator('#feed').waitFor()
    expect(pathOf(page)).toBe('/')
    expect(await page.locator('#modal').count()).toBe(0)
  })

  it('back closes the modal, forward opens it again over the feed', async () => {
    const { page, log } = await open('/', 'feed-counter')
    await page.click('#feed-counter')
    await page.click('#photo-3')
    await page.locator('#modal').waitFor()
    await page.goBack()
    await page.locator('#modal').waitFor({ state: 'detached' })
    expect(pathOf(page)).toBe('/')
    expect(await text(page, '#feed-counter')).toBe('feed-counter: 1')
    await page.goForward()
    await page.locator('#modal').waitFor()
    expect(pathOf(page)).toBe('/photos/3')
    expect(await text(page, '#feed-counter')).toBe('feed-counter: 1')
    // The modal's own close button (router.back()).
    await page.click('#close-modal')
    await page.locator('#modal').waitFor({ state: 'detached' })
    expect(pathOf(page)).toBe('/')
    expect(log.documents()).toBe(1)
  })

  it('the deepest intercepting folder wins: from /feed, (..)photos in app/feed/@modal', async () => {
    const { page } = await open('/feed', 'feed-page-counter')
    await page.click('#feed-photo-2')
    await page.locator('#feed-photo-modal').waitFor()
    expect(pathOf(page)).toBe('/photos/2')
    expect(await text(page, '#feed-photo-modal')).toBe('Feed modal photo 2')
    expect(await page.locator('#feed-page').count()).toBe(1)
    expect(await page.locator('#modal').count()).toBe(0)
  })
})

describe('a URL only a slot has a page for (app/@modal/login)', () => {
  // What next start 16.5 showed in Chromium for the same files, step by step.
  it('a click shows the slot page over the page children keeps; a reload shows default.tsx', async () => {
    const { page, errors, log } = await open('/', 'feed-counter')
    await page.click('#feed-counter')
    await page.click('#to-login')
    await page.locator('#login-modal').waitFor()
    expect(pathOf(page)).toBe('/login')
    await expect.poll(() => page.title()).toBe('Login · Slots')
    // children has no page for /login: it keeps the feed, the same instance (its count kept).
    expect(await text(page, '#feed-counter')).toBe('feed-counter: 1')
    expect(await page.locator('#children-default').count()).toBe(0)
    // Home again: @modal has no page for / and keeps the login page, as in Next.
    await page.click('#to-home')
    await page.waitForURL(`${b.server.url}/`)
    await expect.poll(() => page.title()).toBe('Slots')
    expect(await page.locator('#login-modal').count()).toBe(1)
    expect(log.documents()).toBe(1)
    await page.goto(`${b.server.url}/login`)
    await page.locator('#children-default').waitFor()
    expect(await text(page, 'main')).toBe('Children default')
    expect(await text(page, '#login-modal')).toContain('Login modal')
    expect(await page.locator('#feed').count()).toBe(0)
    expect(errors).toEqual([])
  })
})

describe('an intercepting route in children (app/gallery/(..)shots/[id])', () => {
  // What next start 16.5 showed in Chromium for the same files, step by step.
  it('a click from the gallery shows the intercepting page in the gallery layout; a reload the page', async () => {
    const { page, errors, log } = await open('/gallery', 'gallery-counter')
    await page.click('#gallery-counter')
    await page.click('#shot-1')
    await page.locator('#shot-intercepted').waitFor()
    expect(pathOf(page)).toBe('/shots/1')
    expect(await text(page, '#shot-intercepted')).toBe('Intercepted shot 1')
    // The gallery layout stays (its state kept); its page is replaced.
    expect(await text(page, '#gallery-counter')).toBe('gallery-counter: 1')
    expect(await page.locator('#gallery').count()).toBe(0)
    expect(await page.locator('#shot-page').count()).toBe(0)
    expect(log.documents()).toBe(1)
    await page.reload()
    await page.locator('#shot-page').waitFor()
    expect(await text(page, '#shot-page')).toBe('Shot page 1')
    expect(await page.locator('#gallery-layout').count()).toBe(0)
    await page.goBack()
    await page.locator('#gallery').waitFor()
    expect(pathOf(page)).toBe('/gallery')
    expect(errors).toEqual([])
  })

  it('back and forward without a reload show each entry as it was', async () => {
    const { page, log } = await open('/gallery', 'gallery-counter')
    await page.click('#gallery-counter')
    await page.click('#shot-2')
    await page.locator('#shot-intercepted').waitFor()
    expect(await text(page, '#shot-intercepted')).toBe('Intercepted shot 2')
    await page.goBack()
    await page.locator('#gallery').waitFor()
    expect(await text(page, '#gallery-counter')).toBe('gallery-counter: 1')
    await page.goForward()
    await page.locator('#shot-intercepted').waitFor()
    expect(pathOf(page)).toBe('/shots/2')
    expect(await page.locator('#shot-page').count()).toBe(0)
    expect(log.documents()).toBe(1)
  })
})

describe('a dashboard with two slots (@team, @analytics)', () => {
  it('a client navigation keeps the slot the URL does not match; a reload shows its default', async () => {
    const { page, errors, log } = await open('/dashboard', 'team-counter')
    await page.click('#team-counter')
    await page.click('#to-dash-visitors')
    await page.locator('#analytics', { hasText: 'Analytics visitors' }).waitFor()
    expect(await text(page, '#dash-children')).toBe('Dashboard visitors')
    // @team has no visitors page: it keeps its overview, state included.
    expect(await text(page, '#team')).toContain('Team overview')
    expect(await text(page, '#team-counter')).toBe('team-counter: 1')
    expect(await text(page, '#selected')).toBe('children=visitors analytics=visitors')
    // @analytics has no settings page either: both slots keep what they show.
    await page.click('#to-dash-settings')
    await page.locator('#dash-children', { hasText: 'Dashboard settings' }).waitFor()
    expect(await text(page, '#analytics')).toBe('Analytics visitors')
    expect(await text(page, '#team-counter')).toBe('team-counter: 1')
    // The kept slot's segment, as next start answers useSelectedLayoutSegment('analytics') there.
    expect(await text(page, '#selected')).toBe('children=settings analytics=visitors')
    expect(log.documents()).toBe(1)
    await page.reload()
    await page.locator('#dash-children', { hasText: 'Dashboard settings' }).waitFor()
    expect(await text(page, '#team')).toBe('Team default')
    expect(await text(page, '#analytics')).toBe('Analytics default')
    expect(await text(page, '#selected')).toBe('children=settings analytics=null')
    expect(errors).toEqual([])
  })

  it("an error in one slot shows that slot's error.tsx; the rest of the page stays", async () => {
    const { page } = await b.newPage()
    const response = await page.goto(`${b.server.url}/dashboard/broken`)
    expect(response?.status()).toBe(200)
    await page.locator('#analytics-error').waitFor()
    expect(await text(page, '#dash-children')).toBe('Dashboard broken')
    expect(await text(page, '#team')).toBe('Team default')
  })
})
