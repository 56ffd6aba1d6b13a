import { describe, expect, it } from 'vitest'
import type { EntryView } from '../../cli/cache-view.js'
import { parseFilters } from './filters.js'
import { renderPage } from './page.js'
import { duration, timelineOf } from './timeline.js'

const view = (over: Partial<EntryView> = {}): EntryView => ({
  key: 'route:b1:/posts/1',
  path: '/posts/1',
  kind: 'page',
  status: 200,
  ageSeconds: 5,
  revalidate: 60,
  expire: 31_536_000,
  tags: ['posts', '_N_T_/posts/1'],
  bytes: 2048,
  verdict: 'fresh',
  reason: 'age 5s <= revalidate 60s',
  ...over,
})

const model = (rows: EntryView[]) => ({
  path: '/_fresco/inspector',
  nonce: 'n0nce',
  now: 1_700_000_000_000,
  filters: { prefix: '', kind: '' as const, state: '' as const, tag: '' },
  stats: undefined,
  rows,
  matched: rows.length,
  tags: new Map([['<b>tag</b>', { expired: 1_700_000_000_000 - 3000 }]]),
})

describe('renderPage', () => {
  it('escapes every stored value: keys, tags and reasons are visitor-reachable', () => {
    const html = renderPage(
      model([
        view({ key: 'route:b1:/"><script>x()</script>', path: '/"><script>x()</script>', tags: ["'><img>"] }),
      ]),
    )
    expect(html).not.toContain('<script>x()')
    expect(html).not.toContain("'><img>")
    expect(html).not.toContain('<b>tag</b>')
    expect(html).toContain('/&quot;&gt;&lt;script&gt;x()&lt;/script&gt;')
    // The one script is the page's own, with the nonce the CSP allows.
    expect(html.match(/<script/g)).toHaveLength(1)
    expect(html).toContain('<script nonce="n0nce">')
  })

  it('shows the state, the timeline and a purge button per row; data entries purge by tag', () => {
    const html = renderPage(model([view(), view({ key: 'data:abc', path: undefined, kind: 'fetch' })]))
    expect(html).toContain('<tr data-key="route:b1:/posts/1" data-state="fresh">')
    expect(html).toContain('built 5s ago · stale in 55s · expires in 365d')
    expect(html).toContain('<button data-purge="path" data-value="/posts/1">Purge</button>')
    expect(html).toContain('<button data-purge="tag" data-value="posts">Purge posts</button>')
    const purged = renderPage(model([view({ verdict: 'tag-expired', reason: 'tag _N_T_/posts/1 expired' })]))
    expect(purged).toContain('<div class="bar tag-expired" title="path tag /posts/1 expired">')
  })

  it('shows the hit rate of the cacheable requests when metrics count them', () => {
    const stats = {
      store: 'fs /c',
      buildId: 'b1',
      entries: 1,
      bytes: 10,
      byKind: {},
      byState: {},
      currentBuildPages: 1,
      tagStates: 0,
      budgetBytes: null,
    }
    const html = renderPage({
      ...model([view()]),
      stats,
      requests: { HIT: 7, STALE: 1, MISS: 2, dynamic: 5 },
    })
    expect(html).toContain(
      '<b>80%</b> from cache<small>of 15 requests to this process since it started: HIT 7 · STALE 1 · MISS 2 · dynamic 5</small>',
    )
    expect(renderPage({ ...model([]), stats })).toContain('turn on <code>metrics</code> to count requests')
  })
})

describe('timelineOf', () => {
  it('orders built < stale < expire on the bar and marks now', () => {
    const t = timelineOf(view({ ageSeconds: 90, verdict: 'stale' }))
    expect(t.staleAt).not.toBeNull()
    expect(t.now).toBeGreaterThan(t.staleAt ?? 0)
    expect(t.expireAt).toBeGreaterThan(t.now)
    expect(t.label).toBe('built 90s ago · stale 30s ago · expires in 365d')
    expect(timelineOf(view({ revalidate: false })).staleAt).toBeNull()
    expect(duration(7200)).toBe('2h')
  })
})

describe('parseFilters', () => {
  it('reads the four filters and names a bad one', () => {
    expect(parseFilters('?prefix=/blog&kind=page&state=tag-stale&tag=posts&x=1')).toEqual({
      prefix: '/blog',
      kind: 'page',
      state: 'tag-stale',
      tag: 'posts',
    })
    expect(parseFilters('?state=old')).toEqual({
      error: "Unknown state 'old': use one of fresh, stale, tag-stale, expired, tag-expired.",
    })
    expect(parseFilters(`?tag=${'x'.repeat(1025)}`)).toEqual({
      error: 'The tag filter is longer than 1024 characters.',
    })
  })
})
