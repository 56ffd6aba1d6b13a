// cookies(), headers(), draftMode(), unstable_noStore(), connection() and markDynamic().
import { describe, expect, it } from 'vitest'
import { cookies } from './cookies.js'
import { DRAFT_COOKIE } from './draft-cookie.js'
import { draftMode } from './draft-mode.js'
import { isDynamicUsageError, markDynamic } from './dynamic.js'
import { headers } from './headers.js'
import { connection, unstable_noStore } from './no-store.js'
import {
  createRequestStore,
  type RequestStore,
  type RequestStoreInit,
  runWithRequestStore,
  type SegmentConfig,
} from './request-store.js'

const config = (c: Partial<SegmentConfig> = {}): SegmentConfig => ({
  dynamic: 'auto',
  revalidate: false,
  dynamicParams: true,
  fetchCache: 'auto',
  ...c,
})
const store = (init: Partial<RequestStoreInit> = {}): RequestStore =>
  createRequestStore({
    url: new URL('https://example.com/blog/1'),
    routeId: '/blog/[id]',
    phase: 'request',
    config: config(),
    headers: new Headers({ cookie: 'theme=dark; session=a%20b', 'x-tenant': 'acme' }),
    ...init,
  })
const caught = (s: RequestStore, fn: () => unknown) => {
  try {
    runWithRequestStore(s, fn)
  } catch (e) {
    return e
  }
  return undefined
}

describe('cookies() and headers()', () => {
  it('read the request and record dynamic usage at request time', async () => {
    const s = store()
    await runWithRequestStore(s, async () => {
      const jar = await cookies()
      expect([jar.get('theme')?.value, jar.get('session')?.value, jar.has('nope'), jar.size]).toEqual([
        'dark',
        'a b',
        false,
        2,
      ])
      expect((await headers()).get('x-tenant')).toBe('acme')
    })
    expect(s.dynamicReason).toBe('cookies()')
  })

  it('throw the dynamic-usage marker while prerendering, with a digest React keeps', () => {
    for (const api of [() => cookies(), () => headers(), () => unstable_noStore(), () => connection()]) {
      const s = store({ phase: 'prerender' })
      const error = caught(s, api)
      expect(isDynamicUsageError(error)).toBe(true)
      expect((error as { digest: string }).digest).toBe('FRESCO_DYNAMIC_USAGE')
      expect(s.revalidate).toBe(0)
    }
    expect(isDynamicUsageError({ digest: 'FRESCO_DYNAMIC_USAGE', message: 'rebuilt by React' })).toBe(true)
  })

  it("name the route and the API under dynamic = 'error'", () => {
    const error = caught(store({ phase: 'prerender', config: config({ dynamic: 'error' }) }), () => cookies())
    expect((error as Error).message).toBe(
      "[fresco] Route /blog/[id] used cookies() but exports dynamic = 'error', so it must render statically. " +
        "Remove the cookies() call (or move it into a Client Component), or export dynamic = 'force-dynamic' to render per request.",
    )
  })

  it("return empty values under dynamic = 'force-static' and keep the route static", async () => {
    const s = store({ phase: 'prerender', config: config({ dynamic: 'force-static' }) })
    await runWithRequestStore(s, async () => {
      expect((await cookies()).getAll()).toEqual([])
      expect([...(await headers())]).toEqual([])
      unstable_noStore()
    })
    expect([s.dynamicReason, s.revalidate, s.noStore]).toEqual([undefined, false, false])
  })

  it('are read-only while rendering; cookies can be set in actions and route handlers', async () => {
    await runWithRequestStore(store(), async () => {
      const jar = await cookies()
      expect(() => jar.set('a', '1')).toThrow(
        '[fresco] cookies().set() can only be called in a Server Action or a Route Handler',
      )
      expect(() => jar.delete('theme')).toThrow('[fresco] cookies().delete() can only be called')
      const h = await headers()
      // Called as untyped JS would: the type already forbids the arguments.
      expect(() => (h as Headers).set('x', '1')).toThrow('[fresco] The headers() object is read-only')
    })
    const action = store({ phase: 'action' })
    await runWithRequestStore(action, async () => {
      const jar = await cookies()
      jar.set('cart', 'x y', { httpOnly: true, sameSite: 'lax', maxAge: 60 })
      jar.set({ name: 'cart', value: '2' })
      jar.delete('theme')
      expect([jar.get('cart')?.value, jar.has('theme')]).toEqual(['2', false])
    })
    expect(action.setCookies).toEqual([
      'cart=2; Path=/',
      'theme=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0',
    ])
  })

  it('refuse to run outside a request', () => {
    expect(() => cookies()).toThrow('[fresco] cookies() was called outside a request')
    expect(() => headers()).toThrow('[fresco] headers() was called outside a request')
    expect(() => markDynamic('anything')).not.toThrow()
  })
})

describe('draftMode()', () => {
  it('enable() sets a signed cookie that turns draft mode on for later requests; forged values do not', async () => {
    const handler = store({ phase: 'route-handler' })
    await runWithRequestStore(handler, async () => {
      const draft = await draftMode()
      expect(draft.isEnabled).toBe(false)
      draft.enable()
      expect(draft.isEnabled).toBe(true)
    })
    const setCookie = handler.setCookies[0]!
    expect(setCookie).toMatch(
      new RegExp(`^${DRAFT_COOKIE}=[\\w-]+; Path=/; HttpOnly; SameSite=None; Secure$`),
    )
    const value = setCookie.slice(DRAFT_COOKIE.length + 1, setCookie.indexOf(';'))
    expect(store({ headers: new Headers({ cookie: `${DRAFT_COOKIE}=${value}` }) }).draftMode).toBe(true)
    expect(store({ headers: new Headers({ cookie: `${DRAFT_COOKIE}=forged` }) }).draftMode).toBe(false)
  })

  it('reading isEnabled does not make a route dynamic; enabling during a render is refused', async () => {
    const s = store({ phase: 'prerender' })
    await runWithRequestStore(s, async () => {
      const draft = await draftMode()
      expect(draft.isEnabled).toBe(false)
      expect(() => draft.enable()).toThrow(
        '[fresco] draftMode().enable() can only be called in a Server Action',
      )
    })
    expect(s.dynamicReason).toBeUndefined()
  })
})
