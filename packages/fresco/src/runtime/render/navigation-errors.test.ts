import { afterEach, describe, expect, it } from 'vitest'
import {
  isNotFoundError,
  isRedirectError,
  NOT_FOUND_DIGEST,
  notFound,
  permanentRedirect,
  RedirectType,
  redirect,
  unstable_rethrow,
} from './navigation-errors.js'

const thrown = (fn: () => unknown): unknown => {
  try {
    fn()
  } catch (e) {
    return e
  }
  throw new Error('expected a throw')
}

// A stand-in for the data layer's request store slot (runtime/data/request-store.ts).
const SLOT = Symbol.for('fresco.data.requestStorage')
const slots = globalThis as unknown as Record<symbol, unknown>
const original = slots[SLOT]
const inPhase = (phase: string) => {
  slots[SLOT] = { getStore: () => ({ phase }) }
}
afterEach(() => {
  slots[SLOT] = original
})

describe('notFound', () => {
  it('throws an error with the not-found digest', () => {
    const e = thrown(notFound)
    expect((e as { digest: string }).digest).toBe('FRESCO_NOT_FOUND')
    expect(isNotFoundError(e)).toBe(true)
    expect(isRedirectError(e)).toBeNull()
  })

  it('recognises a digest-only error (after React serialization)', () => {
    expect(isNotFoundError(Object.assign(new Error('x'), { digest: NOT_FOUND_DIGEST }))).toBe(true)
    expect(isNotFoundError(new Error('FRESCO_NOT_FOUND'))).toBe(false)
    expect(isNotFoundError(null)).toBe(false)
  })
})

describe('redirect', () => {
  it('307 replace while rendering', () => {
    const e = thrown(() => redirect('/login?next=/a;b'))
    expect((e as { digest: string }).digest).toBe('FRESCO_REDIRECT;307;/login?next=/a;b')
    expect(isRedirectError(e)).toEqual({ url: '/login?next=/a;b', status: 307, type: 'replace' })
    expect(isNotFoundError(e)).toBe(false)
    expect(isRedirectError(thrown(() => redirect('/x', 'push')))).toEqual({
      url: '/x',
      status: 307,
      type: 'push',
    })
  })

  it('308 for permanentRedirect', () => {
    expect(isRedirectError(thrown(() => permanentRedirect('https://example.com/')))).toEqual({
      url: 'https://example.com/',
      status: 308,
      type: 'replace',
    })
  })

  it('303 push inside a Server Action', () => {
    inPhase('action')
    expect(isRedirectError(thrown(() => redirect('/done')))).toEqual({
      url: '/done',
      status: 303,
      type: 'push',
    })
    expect(isRedirectError(thrown(() => permanentRedirect('/moved')))?.status).toBe(303)
    inPhase('request')
    expect(isRedirectError(thrown(() => redirect('/done')))?.status).toBe(307)
  })

  it('parses digest-only errors and rejects malformed digests', () => {
    expect(isRedirectError({ digest: 'FRESCO_REDIRECT;308;/a' })).toEqual({
      url: '/a',
      status: 308,
      type: 'replace',
    })
    expect(isRedirectError({ digest: 'FRESCO_REDIRECT;200;/a' })).toBeNull()
    expect(isRedirectError({ digest: 'FRESCO_REDIRECT;/a' })).toBeNull()
    expect(isRedirectError({ digest: 42 })).toBeNull()
    expect(isRedirectError(undefined)).toBeNull()
  })

  it('rejects an empty URL', () => {
    expect(() => redirect('')).toThrow(TypeError)
  })
})

describe('Next.js extras', () => {
  it('RedirectType is a value as well as a type', () => {
    expect(RedirectType.replace).toBe('replace')
    expect(isRedirectError(thrown(() => redirect('/x', RedirectType.push)))?.type).toBe('push')
  })

  it('unstable_rethrow rethrows control flow (also as a cause) and lets app errors through', () => {
    const nf = thrown(() => notFound())
    expect(thrown(() => unstable_rethrow(nf))).toBe(nf)
    const wrapped = new Error('wrapped', { cause: nf })
    expect(thrown(() => unstable_rethrow(wrapped))).toBe(nf)
    const dynamic = Object.assign(new Error('dynamic'), { digest: 'FRESCO_DYNAMIC_USAGE' })
    expect(thrown(() => unstable_rethrow(dynamic))).toBe(dynamic)
    expect(() => unstable_rethrow(new Error('mine'))).not.toThrow()
  })
})
