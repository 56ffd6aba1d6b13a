// `@fresco/framework/server` (also what `next/server` resolves to). The classes live in
// runtime/server/next-server.ts, because route handlers use them too.

// next/server also exports these request-scoped helpers; apps import them from here.
export { after } from '../runtime/data/after.js'
export type { CookieOptions, ResponseCookie } from '../runtime/data/cookie-serialize.js'
export { connection } from '../runtime/data/no-store.js'
export {
  NextRequest,
  NextResponse,
  NextURL,
  type RequestCookie,
  RequestCookies,
  ResponseCookies,
} from '../runtime/server/next-server.js'
