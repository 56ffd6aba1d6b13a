// @fresco/framework/navigation (and next/navigation): notFound()/redirect() for server code, the client
// hooks for client components. The hooks module is 'use client', so importing this file from a
// Server Component only pulls in client references.

export {
  type AppRouter,
  useParams,
  usePathname,
  useRouter,
  useSearchParams,
} from '../runtime/client/hooks.js'
export { useSelectedLayoutSegment, useSelectedLayoutSegments } from '../runtime/client/layout-segments.js'
export {
  isNotFoundError,
  isRedirectError,
  notFound,
  permanentRedirect,
  RedirectType,
  redirect,
  unstable_rethrow,
} from '../runtime/render/navigation-errors.js'
