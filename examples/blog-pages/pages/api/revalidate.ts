// The CMS webhook (POST /api/revalidate?secret=…&path=/blog/1): the spec's on-demand revalidation,
// regenerating the exact page before it answers. The home page lists every title, so it goes too.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { NextApiRequest, NextApiResponse } from 'next'

function secretMatches(given: unknown): boolean {
  const expected = process.env.REVALIDATE_SECRET
  if (!expected || typeof given !== 'string') return false
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (!secretMatches(req.query.secret)) return res.status(401).json({ message: 'Invalid token' })
  const path = req.query.path
  if (typeof path !== 'string' || !path.startsWith('/'))
    return res.status(400).json({ message: 'Pass ?path=/blog/<id> to revalidate' })
  try {
    await res.revalidate(path)
    await res.revalidate('/')
    return res.json({ revalidated: true, path })
  } catch {
    return res.status(500).send('Error revalidating')
  }
}
