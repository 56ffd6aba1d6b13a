// The draft-mode cookie: its value is an HMAC of a per-build secret, so only this build can have
// issued it (Next's `__prerender_bypass` compares against a per-build previewModeId the same way).
import { createHmac, randomBytes } from 'node:crypto'

export const DRAFT_COOKIE = '__fresco_draft'

const SECRET = Symbol.for('fresco.data.draftSecret')
const slots = globalThis as { [SECRET]?: string }

/**
 * Set by configureDataLayer from the build (so every instance of one build agrees). Without it a
 * random per-process secret is used: draft mode then only works against the process that enabled it.
 */
export function setDraftSecret(secret: string): void {
  slots[SECRET] = secret
}

function secret(): string {
  slots[SECRET] ??= randomBytes(32).toString('hex')
  return slots[SECRET]
}

let signed: { secret: string; value: string } | undefined

/** The cookie value draftMode().enable() writes (one HMAC per secret, not per request). */
export function draftCookieValue(): string {
  const key = secret()
  if (signed?.secret !== key)
    signed = { secret: key, value: createHmac('sha256', key).update('fresco draft mode').digest('base64url') }
  return signed.value
}

/** An HMAC of `text` with the build's draft secret (the Pages Router's signed preview data). */
export function draftSignature(text: string): string {
  return createHmac('sha256', secret()).update(text).digest('base64url')
}

/** Constant-time for equal lengths, so the signature cannot be guessed byte by byte. */
export function sameSignature(actual: string, expected: string): boolean {
  if (actual.length !== expected.length) return false
  let diff = 0
  for (let i = 0; i < actual.length; i++) diff |= actual.charCodeAt(i) ^ expected.charCodeAt(i)
  return diff === 0
}

/** True when the request carries a draft cookie signed by this build. */
export function readDraftMode(cookies: Map<string, string>): boolean {
  const value = cookies.get(DRAFT_COOKIE)
  return value !== undefined && sameSignature(value, draftCookieValue())
}

/**
 * readDraftMode on a raw Cookie header, for every request before the cache answers: no parse
 * unless the name occurs, then only the first cookie of that name is read (as parseCookieHeader
 * does). A forged or stale cookie costs a substring test and one comparison, never a render.
 */
export function isDraftCookieHeader(header: string | undefined): boolean {
  if (header === undefined || !header.includes(DRAFT_COOKIE)) return false
  const value = firstCookieValue(header, DRAFT_COOKIE)
  return value !== undefined && sameSignature(value, draftCookieValue())
}

/** The first cookie named `name`, trimmed, unquoted and percent-decoded as parseCookieHeader does. */
export function firstCookieValue(header: string, name: string): string | undefined {
  let start = 0
  while (start < header.length) {
    const semi = header.indexOf(';', start)
    const end = semi === -1 ? header.length : semi
    const eq = header.indexOf('=', start)
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) {
      let value = header.slice(eq + 1, end).trim()
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
      return value.includes('%') ? decoded(value) : value
    }
    start = end + 1
  }
  return undefined
}

/** Set-Cookie for enable(): HttpOnly; cross-site (CMS preview iframes) only over HTTPS, as browsers require. */
export function enableDraftCookie(secure: boolean): string {
  const site = secure ? 'SameSite=None; Secure' : 'SameSite=Lax'
  return `${DRAFT_COOKIE}=${draftCookieValue()}; Path=/; HttpOnly; ${site}`
}

export function disableDraftCookie(secure: boolean): string {
  const site = secure ? 'SameSite=None; Secure' : 'SameSite=Lax'
  return `${DRAFT_COOKIE}=; Path=/; HttpOnly; ${site}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
