import { createHash, timingSafeEqual } from 'node:crypto'
import { revalidatePath, revalidateTag } from 'next/cache'

// The CMS webhook: POST /api/revalidate?secret=…&tag=posts&path=/blog/1[&profile=max]

/** Compares two secrets in constant time: both sides are hashed, so the buffers always have equal length. */
function secretMatches(given: string | null): boolean {
  const expected = process.env.REVALIDATE_SECRET
  if (!expected || given === null) return false
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

export async function POST(request: Request) {
  const query = new URL(request.url).searchParams
  if (!secretMatches(query.get('secret'))) {
    return Response.json({ message: 'Invalid token' }, { status: 401 })
  }
  const tag = query.get('tag')
  const path = query.get('path')
  const profile = query.get('profile')
  if (!tag && !path) {
    return Response.json({ message: 'Pass ?tag=… or ?path=… to revalidate' }, { status: 400 })
  }
  if (path !== null && !path.startsWith('/')) {
    return Response.json({ message: '"path" must start with /' }, { status: 400 })
  }
  // Without a profile the tag expires now (next request blocks on fresh data); with one it goes stale.
  if (tag) (revalidateTag as (tag: string, profile?: string) => void)(tag, profile ?? undefined)
  if (path) revalidatePath(path)
  return Response.json({ revalidated: true, tag, path, now: Date.now() })
}
