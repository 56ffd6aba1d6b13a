// @fresco/framework/headers — next/headers compatible request APIs (async, as in Next 15+).
export type { CookieOptions, ResponseCookie } from '../runtime/data/cookie-serialize.js'
export { type Cookies, cookies, type RequestCookie } from '../runtime/data/cookies.js'
export { type DraftMode, draftMode } from '../runtime/data/draft-mode.js'
export type { FrescoFetchRequestConfig } from '../runtime/data/fetch-types.js'
export { headers, ReadonlyHeaders } from '../runtime/data/headers.js'
export { connection } from '../runtime/data/no-store.js'
