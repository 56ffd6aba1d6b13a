// Draft mode for the Pages Router, on the App Router's mechanism (data/draft-cookie.ts): the same
// signed `__fresco_draft` cookie turns it on, and Next's older Preview Mode data
// (`res.setPreviewData(data)`) rides beside it in `__fresco_preview_data`, signed with the same
// per-build secret so a client cannot forge what getStaticProps receives as `previewData`. Next
// encrypts that cookie; Fresco signs it (the client can read its own preview data, not change it).
import {
  disableDraftCookie,
  draftSignature,
  enableDraftCookie,
  firstCookieValue,
  isDraftCookieHeader,
  sameSignature,
} from '../data/draft-cookie.js'

export const PREVIEW_DATA_COOKIE = '__fresco_preview_data'
/** Next's limit: "Preview data is limited to 2KB currently". */
const PREVIEW_DATA_MAX = 2048

const cookieHeader = (headers: Record<string, string | string[] | undefined>) => {
  const v = headers.cookie
  return Array.isArray(v) ? v.join('; ') : v
}

/** undefined without a valid draft cookie; else the previewData getStaticProps gets ({} in draft mode). */
export function draftRequestOf(
  headers: Record<string, string | string[] | undefined>,
): { previewData: unknown } | undefined {
  const header = cookieHeader(headers)
  if (!isDraftCookieHeader(header)) return undefined
  const raw = header && firstCookieValue(header, PREVIEW_DATA_COOKIE)
  return { previewData: (raw && verified(raw)) ?? {} }
}

function verified(raw: string): unknown {
  const dot = raw.lastIndexOf('.')
  if (dot <= 0) return undefined
  const payload = raw.slice(0, dot)
  if (!sameSignature(raw.slice(dot + 1), draftSignature(payload))) return undefined
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

interface PreviewOptions {
  maxAge?: number
  path?: string
}

function previewDataCookie(data: unknown, secure: boolean, options: PreviewOptions): string {
  const json = JSON.stringify(data)
  if (json === undefined)
    throw new Error('[fresco] res.setPreviewData(data): data must be JSON-serializable.')
  if (Buffer.byteLength(json) > PREVIEW_DATA_MAX)
    throw new Error('[fresco] res.setPreviewData(data): preview data is limited to 2KB, as in Next.js.')
  const payload = Buffer.from(json).toString('base64url')
  const path = typeof options.path === 'string' && /^\/[^;\s]*$/.test(options.path) ? options.path : '/'
  return `${PREVIEW_DATA_COOKIE}=${payload}.${draftSignature(payload)}; Path=${path}; HttpOnly; ${site(secure)}${age(options.maxAge)}`
}

const site = (secure: boolean) => (secure ? 'SameSite=None; Secure' : 'SameSite=Lax')
const age = (maxAge: number | undefined) =>
  maxAge !== undefined && Number.isInteger(maxAge) && maxAge >= 0 ? `; Max-Age=${maxAge}` : ''

const clearPreviewData = (secure: boolean) =>
  `${PREVIEW_DATA_COOKIE}=; Path=/; HttpOnly; ${site(secure)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`

interface CookieWriter {
  getHeader(name: string): string | string[] | undefined
  setHeader(name: string, value: string | readonly string[]): unknown
}

function appendCookies(res: CookieWriter, cookies: string[]): void {
  const prev = res.getHeader('set-cookie')
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]
  // A cookie set twice in one response: the last write wins, as the browser would apply it.
  const names = new Set(cookies.map((c) => c.slice(0, c.indexOf('='))))
  res.setHeader('set-cookie', [...list.filter((c) => !names.has(c.slice(0, c.indexOf('=')))), ...cookies])
}

/** res.setDraftMode / setPreviewData / clearPreviewData, as Next's API routes have them. */
export function draftMethods(res: CookieWriter, secure: boolean) {
  return {
    setDraftMode(options: { enable: boolean }) {
      if (typeof options?.enable !== 'boolean')
        throw new Error('[fresco] res.setDraftMode({ enable }): enable must be true or false.')
      appendCookies(res, [options.enable ? enableDraftCookie(secure) : disableDraftCookie(secure)])
      return res
    },
    setPreviewData(data: unknown, options: PreviewOptions = {}) {
      appendCookies(res, [enableDraftCookie(secure), previewDataCookie(data, secure, options ?? {})])
      return res
    },
    clearPreviewData() {
      appendCookies(res, [disableDraftCookie(secure), clearPreviewData(secure)])
      return res
    },
  }
}
