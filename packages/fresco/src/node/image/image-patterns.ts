// images.remotePatterns / localPatterns: which sources the endpoint may read. Globs as Next's:
// in a hostname `*` is one label and `**` any number; in a path `*` stays within a segment and
// `**` crosses them. Anything not matched is refused (the endpoint is never an open proxy).
import type { LocalPattern, RemotePattern } from '../../config/images.js'

const escapeRegExp = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')

function globRegExp(glob: string, separator: '.' | '/'): RegExp {
  const one = separator === '.' ? '[^.]+' : '[^/]*'
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith('**', i)) {
      out += '.+'
      i++
    } else if (glob[i] === '*') out += one
    else out += escapeRegExp(glob[i] as string)
  }
  return new RegExp(`^${out}$`)
}

const cache = new Map<string, RegExp>()
function matches(glob: string, value: string, separator: '.' | '/'): boolean {
  const key = separator + glob
  let re = cache.get(key)
  if (!re) {
    re = globRegExp(glob, separator)
    cache.set(key, re)
  }
  return re.test(value)
}

export function matchRemotePattern(p: RemotePattern, url: URL): boolean {
  if (p.protocol !== undefined && url.protocol !== `${p.protocol}:`) return false
  if (p.port !== undefined && url.port !== p.port) return false
  if (!matches(p.hostname, url.hostname, '.')) return false
  if (p.search !== undefined && url.search !== p.search) return false
  return matches(p.pathname ?? '**', url.pathname, '/')
}

export function matchLocalPattern(p: LocalPattern, pathname: string, search: string): boolean {
  if (p.search !== undefined && search !== p.search) return false
  return matches(p.pathname ?? '**', pathname, '/')
}
