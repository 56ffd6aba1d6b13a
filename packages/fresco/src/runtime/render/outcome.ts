// What happened during one RSC render, learnt from React's onError: control flow (notFound,
// redirect), dynamic usage during a prerender, or real errors. Returns the digest React sends
// to the SSR and browser sides in place of the error.

import { DYNAMIC_USAGE_DIGEST, isDynamicUsageError } from '../data/dynamic.js'
import { isNotFoundError, isRedirectError } from './navigation-errors.js'

export interface RenderOutcome {
  notFound: boolean
  redirect?: { url: string; status: number }
  /** The first dynamic API hit while prerendering / regenerating. */
  dynamic?: Error
  errors: unknown[]
}

export function createOutcome(): RenderOutcome {
  return { notFound: false, errors: [] }
}

export function recordError(outcome: RenderOutcome, error: unknown): string | undefined {
  // notFound()/redirect() errors carry their digest already (navigation-errors.ts).
  if (isNotFoundError(error)) {
    outcome.notFound = true
    return (error as { digest: string }).digest
  }
  const redirect = isRedirectError(error)
  if (redirect) {
    outcome.redirect ??= redirect
    return (error as { digest: string }).digest
  }
  if (isDynamicUsageError(error)) {
    outcome.dynamic ??= error
    return DYNAMIC_USAGE_DIGEST
  }
  outcome.errors.push(error)
  // A stable, non-sensitive id: production payloads never carry messages or stacks.
  return `FRESCO_ERROR;${errorId(error)}`
}

function errorId(error: unknown): string {
  const text = error instanceof Error ? `${error.name}:${error.message}` : String(error)
  let h = 0
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0
  return (h >>> 0).toString(36)
}
