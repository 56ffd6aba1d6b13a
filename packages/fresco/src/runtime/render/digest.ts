// Control-flow errors (notFound(), redirect()) cross the RSC boundary only as a `digest`
// string: production RSC streams never carry error messages. Pure, shared by all environments.

export const NOT_FOUND_DIGEST = 'FRESCO_NOT_FOUND'
const REDIRECT_PREFIX = 'FRESCO_REDIRECT;'

export function redirectDigest(url: string, status: number): string {
  return `${REDIRECT_PREFIX}${status};${url}`
}

export function parseRedirectDigest(digest: unknown): { url: string; status: number } | null {
  if (typeof digest !== 'string' || !digest.startsWith(REDIRECT_PREFIX)) return null
  const rest = digest.slice(REDIRECT_PREFIX.length)
  const sep = rest.indexOf(';')
  return { status: Number(rest.slice(0, sep)), url: rest.slice(sep + 1) }
}

export function digestOf(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'digest' in error) {
    const d = (error as { digest: unknown }).digest
    return typeof d === 'string' ? d : undefined
  }
  return undefined
}

export function isControlDigest(digest: string | undefined): boolean {
  return digest === NOT_FOUND_DIGEST || (digest?.startsWith(REDIRECT_PREFIX) ?? false)
}
