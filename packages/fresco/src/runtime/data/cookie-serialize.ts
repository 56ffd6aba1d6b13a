// Set-Cookie serialization for cookies().set() / delete() (RFC 6265 §4.1).

export interface CookieOptions {
  domain?: string
  /** Default `/`, as Next's ResponseCookies. */
  path?: string
  expires?: Date | number
  maxAge?: number
  httpOnly?: boolean
  secure?: boolean
  sameSite?: 'strict' | 'lax' | 'none' | boolean
  partitioned?: boolean
  priority?: 'low' | 'medium' | 'high'
}

export interface ResponseCookie extends CookieOptions {
  name: string
  value: string
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

export function isCookieName(name: string): boolean {
  return TOKEN.test(name)
}

function sameSite(value: CookieOptions['sameSite']): string | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true) return 'Strict'
  return value.charAt(0).toUpperCase() + value.slice(1)
}

export function serializeCookie(cookie: ResponseCookie): string {
  const parts = [`${cookie.name}=${encodeURIComponent(cookie.value)}`, `Path=${cookie.path ?? '/'}`]
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`)
  if (cookie.expires !== undefined) parts.push(`Expires=${new Date(cookie.expires).toUTCString()}`)
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(cookie.maxAge)}`)
  if (cookie.httpOnly) parts.push('HttpOnly')
  if (cookie.secure) parts.push('Secure')
  const site = sameSite(cookie.sameSite)
  if (site) parts.push(`SameSite=${site}`)
  if (cookie.partitioned) parts.push('Partitioned')
  if (cookie.priority)
    parts.push(`Priority=${cookie.priority.charAt(0).toUpperCase()}${cookie.priority.slice(1)}`)
  return parts.join('; ')
}
