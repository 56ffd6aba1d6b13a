// The blog's one data source: the headless CMS (examples/blog/cms), reached over HTTP with fetch().

export interface Post {
  id: string
  title: string
  content: string
  author: string
  updatedAt: string
}

export const CMS_URL = process.env.CMS_URL ?? 'http://127.0.0.1:4001'

/**
 * Whether a URL segment can name a post: the CMS's own id rule (cms/server.mjs parseId), so an id
 * it would refuse (400) is a 404 here and never an upstream request.
 */
export function isPostId(id: string): boolean {
  return /^[1-9]\d{0,15}$/.test(id)
}

export class CmsError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`[blog] the CMS answered ${status} for ${url}`)
  }
}

/** Reads JSON, throwing on any non-2xx so a failed regeneration keeps the last good page. */
export async function readJson<T>(res: Response): Promise<T> {
  if (!res.ok) throw new CmsError(res.status, res.url)
  return (await res.json()) as T
}
