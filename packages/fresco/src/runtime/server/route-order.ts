// Route precedence, one rule for the build (sorting the route table) and the server (which router
// owns a URL both app/ and pages/ match): static > [param] > [...all] > [[...all]], segment by
// segment from the root, as Next.js's getSortedRoutes. Pure.

const RANK = { static: 0, dynamic: 1, catchall: 2, 'optional-catchall': 3 } as const

function rankOf(part: string): number {
  if (part.startsWith('[[...')) return RANK['optional-catchall']
  if (part.startsWith('[...')) return RANK.catchall
  if (part.startsWith('[')) return RANK.dynamic
  return RANK.static
}

/** Most specific first, the order the matcher tries them: static > [param] > [...all] > [[...all]]. */
export function compareRoutePaths(a: string, b: string): number {
  const pa = a.split('/').filter(Boolean)
  const pb = b.split('/').filter(Boolean)
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!
    const y = pb[i]!
    const rank = rankOf(x) - rankOf(y)
    if (rank !== 0) return rank
    if (x !== y) return x < y ? -1 : 1
  }
  return pa.length - pb.length
}
