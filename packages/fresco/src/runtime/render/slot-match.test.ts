import { describe, expect, it } from 'vitest'
import type { LoadedSegment, LoadedSlot, LoadedSlotRoute } from './route-modules.js'
import { matchSlot, pathBelow, slotWithoutMatch } from './slot-match.js'

const seg = (name: string, kind: string, param: string | null = null): LoadedSegment => ({
  name,
  kind,
  param,
})
const page = (id: string, path: string, intercepts?: { path: string; from: string }): LoadedSlotRoute => ({
  route: {
    id,
    path,
    kind: 'page',
    params: [],
    file: `${id}/page.tsx`,
    module: async () => ({}),
    segments: [],
    ...(intercepts ? { intercepts } : {}),
  },
  segments: [seg(id.split('/')[1]!, 'slot')],
  page: {},
})
const slot = (name: string, routes: LoadedSlotRoute[], withDefault = false): LoadedSlot => ({
  name,
  segment: { ...seg(`@${name}`, 'slot'), ...(withDefault ? { default: {} } : {}) },
  routes,
})

describe('pathBelow', () => {
  const segments = [
    seg('', 'root'),
    seg('(g)', 'group'),
    seg('docs', 'static'),
    seg('[...slug]', 'catchall', 'slug'),
  ]
  it('the decoded URL below a segment, groups left out, catch-alls expanded', () => {
    expect(pathBelow(segments, 0, { slug: ['a', 'b'] })).toBe('/docs/a/b')
    expect(pathBelow(segments, 2, { slug: ['a', 'b'] })).toBe('/a/b')
    expect(pathBelow(segments, 3, { slug: ['a'] })).toBe('/')
  })

  it("a slot-only URL: the route's segments end at the layout, `below` is the rest of the URL", () => {
    const chain = [seg('', 'root'), seg('[lang]', 'dynamic', 'lang')]
    const slotOnly = { below: '/help/[topic]/[...rest]/%5Fx' }
    const params = { lang: 'en', topic: 'a b', rest: ['c', 'd'] }
    expect(pathBelow(chain, 1, params, slotOnly)).toBe('/help/a b/c/d/_x')
    expect(pathBelow(chain, 0, params, slotOnly)).toBe('/en/help/a b/c/d/_x')
    expect(pathBelow(chain, 1, { lang: 'en' }, { below: '/' })).toBe('/')
  })
})

describe('matchSlot / slotWithoutMatch', () => {
  const team = slot('team', [page('/@team', '/'), page('/@team/[id]', '/[id]')])
  it('matches the slot pages against the URL below the layout, with the URL params', () => {
    expect(matchSlot(team, '/', { a: '1' })?.route.route.id).toBe('/@team')
    const found = matchSlot(team, '/7', { a: '1' })
    expect(found?.route.route.id).toBe('/@team/[id]')
    expect(found?.params).toEqual({ a: '1', id: '7' })
    expect(matchSlot(team, '/7/8', {})).toBeNull()
  })

  it('intercepting pages never match a URL directly', () => {
    const modal = slot('modal', [page('/@modal/(.)p/[id]', '/p/[id]', { path: '/p/[id]', from: '/' })])
    expect(matchSlot(modal, '/p/1', {})).toBeNull()
  })

  it('names the first slot with neither a page nor a default.tsx', () => {
    const root = (slots: LoadedSlot[]) => [
      { ...seg('', 'root'), slots },
      seg('x', 'static'),
      seg('y', 'static'),
    ]
    expect(slotWithoutMatch(root([team]), {})).toBe('@team')
    expect(slotWithoutMatch(root([slot('team', team.routes, true)]), {})).toBeUndefined()
    expect(slotWithoutMatch([{ ...seg('', 'root'), slots: [team] }], {})).toBeUndefined()
    // A slot-only URL below the root: @team matches /7; another slot there needs a default.tsx.
    const other = slot('other', [])
    const slotOnly = [{ ...seg('', 'root'), slots: [team, other] }]
    expect(slotWithoutMatch(slotOnly, { id: '7' }, { below: '/[id]' })).toBe('@other')
    expect(slotWithoutMatch(slotOnly, { id: '7' }, { below: '/[id]/x' })).toBe('@team')
  })
})
