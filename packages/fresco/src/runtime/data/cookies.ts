// cookies(): the request's cookies. Reading makes the route dynamic; set()/delete() are only
// allowed in Server Actions and Route Handlers and write Set-Cookie headers the server sends.
import { invalidCookieNameError, readonlyCookiesError } from '../../errors.js'
import { type CookieOptions, isCookieName, type ResponseCookie, serializeCookie } from './cookie-serialize.js'
import { isForceStatic, markDynamic } from './dynamic.js'
import { canWriteResponse, requestApiStore } from './request-api.js'
import type { RequestStore } from './request-store.js'

export interface RequestCookie {
  name: string
  value: string
}

export interface Cookies {
  readonly size: number
  get(name: string | { name: string }): RequestCookie | undefined
  getAll(name?: string | { name: string }): RequestCookie[]
  has(name: string): boolean
  set(name: string, value: string, options?: CookieOptions): Cookies
  set(cookie: ResponseCookie): Cookies
  delete(name: string | ({ name: string } & Pick<CookieOptions, 'path' | 'domain'>)): Cookies
  toString(): string
  [Symbol.iterator](): IterableIterator<[string, RequestCookie]>
}

const nameOf = (arg: string | { name: string }) => (typeof arg === 'string' ? arg : arg.name)

/** A later write of the same cookie replaces the earlier Set-Cookie (one header per name and path). */
function writeCookie(store: RequestStore, cookie: ResponseCookie, api: string): void {
  if (!canWriteResponse(store)) throw readonlyCookiesError(api)
  if (!isCookieName(cookie.name)) throw invalidCookieNameError(cookie.name)
  const header = serializeCookie(cookie)
  const prefix = `${cookie.name}=`
  const path = `; Path=${cookie.path ?? '/'}`
  const i = store.setCookies.findIndex((c) => c.startsWith(prefix) && c.includes(path))
  if (i === -1) store.setCookies.push(header)
  else store.setCookies[i] = header
  // Reads later in the same action see the write (Next's mutable request cookies).
  if (cookie.maxAge === 0) store.cookies.delete(cookie.name)
  else store.cookies.set(cookie.name, cookie.value)
}

function createCookies(store: RequestStore, jar: Map<string, string>): Cookies {
  const entry = (name: string): RequestCookie | undefined => {
    const value = jar.get(name)
    return value === undefined ? undefined : { name, value }
  }
  const cookies: Cookies = {
    get size() {
      return jar.size
    },
    get: (name) => entry(nameOf(name)),
    getAll(name) {
      if (name !== undefined) {
        const one = entry(nameOf(name))
        return one ? [one] : []
      }
      return [...jar].map(([n, value]) => ({ name: n, value }))
    },
    has: (name) => jar.has(name),
    set(nameOrCookie: string | ResponseCookie, value?: string, options?: CookieOptions) {
      const cookie =
        typeof nameOrCookie === 'string'
          ? { ...options, name: nameOrCookie, value: value ?? '' }
          : nameOrCookie
      writeCookie(store, cookie, 'cookies().set()')
      return cookies
    },
    delete(arg) {
      const extra = typeof arg === 'string' ? {} : { path: arg.path, domain: arg.domain }
      writeCookie(
        store,
        { ...extra, name: nameOf(arg), value: '', maxAge: 0, expires: 0 },
        'cookies().delete()',
      )
      return cookies
    },
    toString: () => [...jar].map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('; '),
    *[Symbol.iterator]() {
      for (const [name, value] of jar) yield [name, { name, value }] as [string, RequestCookie]
    },
  }
  return cookies
}

/**
 * Async like Next 15+. Under `dynamic = 'force-static'` the jar is empty and the route stays
 * static; otherwise reading cookies marks the route dynamic (throws the marker while prerendering).
 */
export function cookies(): Promise<Cookies> {
  const store = requestApiStore('cookies()')
  if (isForceStatic(store)) return Promise.resolve(createCookies(store, new Map()))
  markDynamic('cookies()')
  return Promise.resolve(createCookies(store, store.cookies))
}
