// What each CDN or proxy needs to hear to forget the entries of a revalidation: the HTTP requests
// of one purge, built from the tags and paths it invalidated. No I/O here (purger.ts sends them).
import { createHmac } from 'node:crypto'
import type { CdnPurgeTarget } from '../../config/cdn.js'
import { encodeTag } from './tag-header.js'

export interface PurgeJob {
  /** Tags invalidated (revalidateTag; revalidatePath's path tag), as the entries carry them. */
  tags: string[]
  /** Public URL paths to purge by URL (revalidatePath, res.revalidate, and for nginx the served paths). */
  paths: string[]
}

export interface PurgeRequest {
  method: 'GET' | 'POST' | 'PURGE'
  url: string
  headers: Record<string, string>
  body?: string
  /** A short description for logs: what this request purges. */
  what: string
  /** Statuses that mean "nothing left to purge" rather than failure (nginx: 404 = not cached). */
  okStatuses?: readonly number[]
}

const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4'
const FASTLY_API = 'https://api.fastly.com'
/** Cloudflare accepts up to 30 tags per purge call on every plan; Fastly 256 keys. */
const CLOUDFLARE_BATCH = 30
const FASTLY_BATCH = 256

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

const list = (items: readonly string[]) =>
  items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`

export interface UrlSources {
  /** The page paths this process served carrying one of the tags (served-paths.ts). */
  servedWith(tags: readonly string[]): string[]
  /** Every URL a page path is cached under by a proxy: the page, its RSC payload, its data URL. */
  urlsOf(path: string): string[]
}

/** The requests that purge `job` from `target` (URL-only proxies get URLs through `sources`). */
export function purgeRequests(target: CdnPurgeTarget, job: PurgeJob, sources: UrlSources): PurgeRequest[] {
  switch (target.provider) {
    case 'cloudflare':
      return chunks(job.tags.map(encodeTag), CLOUDFLARE_BATCH).map((tags) => ({
        method: 'POST',
        url: `${(target.apiUrl ?? CLOUDFLARE_API).replace(/\/$/, '')}/zones/${encodeURIComponent(target.zoneId)}/purge_cache`,
        headers: { authorization: `Bearer ${target.apiToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tags }),
        what: `tags ${list(tags)}`,
      }))
    case 'fastly':
      return chunks(job.tags.map(encodeTag), FASTLY_BATCH).map((keys) => ({
        method: 'POST',
        url: `${(target.apiUrl ?? FASTLY_API).replace(/\/$/, '')}/service/${encodeURIComponent(target.serviceId)}/purge`,
        headers: {
          'fastly-key': target.apiToken,
          'surrogate-key': keys.join(' '),
          accept: 'application/json',
          ...(target.soft ? { 'fastly-soft-purge': '1' } : {}),
        },
        what: `surrogate keys ${list(keys)}`,
      }))
    case 'nginx': {
      const pages = new Set([...job.paths, ...sources.servedWith(job.tags)])
      const urls = [...new Set([...pages].flatMap((p) => sources.urlsOf(p)))]
      const base = target.purgeUrl.replace(/\/$/, '')
      return urls.map((path) => ({
        method: 'GET',
        url: base + path,
        headers: {},
        what: `URL ${path}`,
        okStatuses: [404],
      }))
    }
    case 'webhook': {
      const body = JSON.stringify({ tags: job.tags, paths: job.paths })
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (target.secret !== undefined)
        headers['x-fresco-signature'] =
          `sha256=${createHmac('sha256', target.secret).update(body).digest('hex')}`
      return [{ method: 'POST', url: target.url, headers, body, what: `tags ${list(job.tags)}` }]
    }
  }
}

/** Cloudflare answers 200 with `success: false` for some refusals: read the body too. */
export function refusedBody(target: CdnPurgeTarget, body: string): string | undefined {
  if (target.provider !== 'cloudflare') return undefined
  try {
    const parsed = JSON.parse(body) as { success?: boolean; errors?: { message?: string }[] }
    if (parsed.success === false) return parsed.errors?.map((e) => e.message).join('; ') || 'success: false'
  } catch {
    return undefined
  }
  return undefined
}
