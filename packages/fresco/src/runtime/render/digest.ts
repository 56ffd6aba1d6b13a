// Control-flow errors (notFound(), redirect()) cross the RSC boundary only as a `digest`
// string: production RSC streams never carry error messages. The format is owned by
// navigation-errors.ts; this module adds what the renderer and boundaries need.
import { isNotFoundError, isRedirectError } from './navigation-errors.js'

export { NOT_FOUND_DIGEST } from './navigation-errors.js'

export function digestOf(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'digest' in error) {
    const d = (error as { digest: unknown }).digest
    return typeof d === 'string' ? d : undefined
  }
  return undefined
}

/** An error React rebuilt from a digest, or the original: the redirect it stands for. */
export function redirectOf(error: unknown): { url: string; status: number } | null {
  return isRedirectError(error)
}

export function isControlError(error: unknown): boolean {
  return isNotFoundError(error) || isRedirectError(error) !== null
}
