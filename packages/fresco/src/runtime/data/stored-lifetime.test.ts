import { describe, expect, it } from 'vitest'
import { type RenderedOutcome, storedRevalidate } from './stored-lifetime.js'

const render = (o: Partial<RenderedOutcome>): RenderedOutcome => ({
  status: 200,
  setsCookies: false,
  phase: 'regenerate',
  revalidate: 60,
  ...o,
})

describe('storedRevalidate', () => {
  it.each<[Partial<RenderedOutcome>, number | false]>([
    [{}, 60],
    [{ revalidate: false }, false],
    [{ setsCookies: true }, 0],
    [{ status: 500 }, 0],
    [{ status: 503, phase: 'prerender' }, 0],
    [{ status: 404 }, 0], // a URL a client chose
    [{ status: 404, phase: 'prerender' }, 60], // the app's own generateStaticParams
    [{ status: 404, rootNotFound: true }, 60], // one page for every unmatched URL
    [{ status: 404, rootNotFound: true, setsCookies: true }, 0],
    [{ status: 410 }, 60],
    [{ status: 308 }, 60],
  ])('%o → %o', (outcome, expected) => {
    expect(storedRevalidate(render(outcome))).toBe(expected)
  })
})
