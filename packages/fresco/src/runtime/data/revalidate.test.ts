// revalidateTag / revalidatePath: one code path, profiles, where they may be called.
import { beforeEach, describe, expect, it } from 'vitest'
import type { ResponseCache, UpdateTagsOptions } from '../../../../cache/src/index.js'
import { pathTag, silentLogger } from '../../../../cache/src/index.js'
import { configureDataLayer } from './configure.js'
import { createRequestStore, type RenderPhase, runWithRequestStore } from './request-store.js'
import { PROFILE_EXPIRE, revalidatePath, revalidateTag, updateTag } from './revalidate.js'

let calls: [string[], UpdateTagsOptions | undefined][]

beforeEach(() => {
  calls = []
  const cache = {
    async revalidateTags(tags: readonly string[], options?: UpdateTagsOptions) {
      calls.push([[...tags], options])
    },
  } as unknown as ResponseCache
  configureDataLayer({ cache, logger: silentLogger })
})

const inPhase = (phase: RenderPhase, fn: () => void) => {
  const store = createRequestStore({
    url: new URL('http://localhost/blog/1'),
    routeId: '/blog/[id]',
    phase,
    config: { dynamic: 'auto', revalidate: false, dynamicParams: true, fetchCache: 'auto' },
  })
  runWithRequestStore(store, fn)
  return store
}

describe('revalidatePath and revalidateTag', () => {
  it('revalidatePath(p, type) is exactly revalidateTag(pathTag(p, type))', () => {
    for (const [path, type] of [['/blog/1'], ['/blog/[id]', 'page'], ['/', 'layout'], ['/about/']] as const) {
      inPhase('action', () => revalidatePath(path, type))
      inPhase('action', () => revalidateTag(pathTag(path, type)!))
    }
    for (let i = 0; i < calls.length; i += 2) expect(calls[i]).toEqual(calls[i + 1])
    expect(calls.map(([tags]) => tags[0])).toEqual([
      '_N_T_/blog/1',
      '_N_T_/blog/1',
      '_N_T_/blog/[id]/page',
      '_N_T_/blog/[id]/page',
      '_N_T_/layout',
      '_N_T_/layout',
      '_N_T_/about',
      '_N_T_/about',
    ])
  })

  it('expires now without a profile; a profile makes the tag stale with its expire window', () => {
    const store = inPhase('route-handler', () => {
      revalidateTag('a')
      revalidateTag('b', 'max')
      revalidateTag('c', 'hours')
      revalidateTag('d', { expire: 120 })
      revalidateTag('e', { expire: 0 })
    })
    expect(calls).toEqual([
      [['a'], undefined],
      [['b'], { expire: 31_536_000 }],
      [['c'], { expire: 86_400 }],
      [['d'], { expire: 120 }],
      [['e'], undefined],
    ])
    expect(store.revalidatedTags).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(store.pending).toHaveLength(5)
    expect(PROFILE_EXPIRE).toMatchObject({ seconds: 60, minutes: 3600, days: 604_800, weeks: 2_592_000 })
  })

  it('throws during a render: only actions, route handlers and code outside a request may call it', () => {
    for (const phase of ['prerender', 'regenerate', 'request'] as const) {
      expect(() => inPhase(phase, () => revalidatePath('/blog/1'))).toThrow(
        '[fresco] revalidatePath cannot be called during render (route /blog/[id]',
      )
    }
    expect(() => inPhase('request', () => revalidateTag('x'))).toThrow(
      'revalidateTag cannot be called during render',
    )
    expect(calls).toEqual([])
  })

  it('works outside any request (scripts, custom servers) and validates its input', () => {
    revalidateTag('posts')
    expect(calls).toEqual([[['posts'], undefined]])
    expect(() => revalidateTag('posts', 'fortnight' as 'max')).toThrow(
      "Invalid revalidateTag profile 'fortnight'",
    )
    expect(() => revalidateTag('')).toThrow("[fresco] Invalid tag '' passed to revalidateTag()")
  })

  it('updateTag only from Server Actions', () => {
    inPhase('action', () => updateTag('posts'))
    expect(calls).toEqual([[['posts'], undefined]])
    expect(() => inPhase('route-handler', () => updateTag('posts'))).toThrow(
      '[fresco] updateTag() can only be called from a Server Action',
    )
  })
})
