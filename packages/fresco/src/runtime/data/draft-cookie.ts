// The draft-mode cookie: its value is an HMAC of a per-build secret, so only this build can have
// issued it (Next's `__prerender_bypass` compares against a per-build previewModeId the same way).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

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

/** The cookie value draftMode().enable() writes. */
export function draftCookieValue(): string {
  return createHmac('sha256', secret()).update('fresco draft mode').digest('base64url')
}

/** True when the request carries a draft cookie signed by this build. */
export function readDraftMode(cookies: Map<string, string>): boolean {
  const value = cookies.get(DRAFT_COOKIE)
  if (!value) return false
  const expected = Buffer.from(draftCookieValue())
  const actual = Buffer.from(value)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
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
