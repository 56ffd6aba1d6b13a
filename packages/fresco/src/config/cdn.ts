// The `cdn` key of fresco.config: cache tags on cacheable responses (opt-in) and the CDNs or
// proxies to purge after revalidatePath / revalidateTag / res.revalidate (runtime/cdn/).
import { type Bad, type CheckKeys, isRecord } from './checks.js'

export type CdnPurgeTarget =
  /** Cloudflare: purge by cache tag (the zone's Cache-Tag header, `tagHeader: 'Cache-Tag'`). */
  | { provider: 'cloudflare'; zoneId: string; apiToken: string; apiUrl?: string }
  /** Fastly: purge by surrogate key (`tagHeader: 'Surrogate-Key'`). */
  | { provider: 'fastly'; serviceId: string; apiToken: string; apiUrl?: string; soft?: boolean }
  /**
   * nginx with ngx_cache_purge: `GET <purgeUrl><path>` per URL to purge (nginx has no tags: a
   * tag purge sends the paths this process served with that tag).
   */
  | { provider: 'nginx'; purgeUrl: string }
  /** Any service: `POST url` with `{ tags, paths }`, signed with `secret` (HMAC-SHA256) if given. */
  | { provider: 'webhook'; url: string; secret?: string }

export interface CdnOptions {
  /**
   * Send each cacheable response's cache tags in this header: 'Cache-Tag' (Cloudflare),
   * 'Surrogate-Key' (Fastly) or another name. Default: none (tags are never sent).
   */
  tagHeader?: string
  /** Purged after every on-demand revalidation, in the background, with retries. Default none. */
  purge?: CdnPurgeTarget[]
  /** Attempts per purge request (first try included). Default 5. */
  purgeAttempts?: number
}

export interface ResolvedCdn {
  tagHeader: string | null
  purge: CdnPurgeTarget[]
  purgeAttempts: number
}

export const CDN_DEFAULTS: ResolvedCdn = { tagHeader: null, purge: [], purgeAttempts: 5 }

const CDN_KEYS = ['tagHeader', 'purge', 'purgeAttempts'] as const

const PROVIDER_KEYS: Record<CdnPurgeTarget['provider'], { required: string[]; optional: string[] }> = {
  cloudflare: { required: ['zoneId', 'apiToken'], optional: ['apiUrl'] },
  fastly: { required: ['serviceId', 'apiToken'], optional: ['apiUrl', 'soft'] },
  nginx: { required: ['purgeUrl'], optional: [] },
  webhook: { required: ['url'], optional: ['secret'] },
}
const URL_KEYS = new Set(['apiUrl', 'purgeUrl', 'url'])

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Validates `cdn`; every error names the key (`cdn.purge[1].zoneId`) and what to write instead. */
export function readCdn(value: unknown, bad: Bad, checkKeys: CheckKeys): ResolvedCdn {
  if (value === undefined) return CDN_DEFAULTS
  if (!isRecord(value)) throw bad('cdn', value, `Use an object with ${CDN_KEYS.join(', ')}.`)
  checkKeys('cdn.', value, CDN_KEYS)
  const tagHeader = value.tagHeader ?? null
  if (tagHeader !== null && (typeof tagHeader !== 'string' || !HEADER_NAME.test(tagHeader)))
    throw bad(
      'cdn.tagHeader',
      tagHeader,
      "Use a header name: 'Cache-Tag' (Cloudflare), 'Surrogate-Key' (Fastly).",
    )
  const attempts = value.purgeAttempts ?? CDN_DEFAULTS.purgeAttempts
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1 || attempts > 20)
    throw bad('cdn.purgeAttempts', attempts, 'Use a whole number from 1 to 20.')
  const list = value.purge ?? []
  if (!Array.isArray(list)) throw bad('cdn.purge', list, 'Use an array of purge targets.')
  const purge = list.map((target, i) => readTarget(`cdn.purge[${i}]`, target, bad, checkKeys))
  return { tagHeader, purge, purgeAttempts: attempts }
}

function readTarget(key: string, t: unknown, bad: Bad, checkKeys: CheckKeys): CdnPurgeTarget {
  const providers = Object.keys(PROVIDER_KEYS)
  if (!isRecord(t) || typeof t.provider !== 'string' || !Object.hasOwn(PROVIDER_KEYS, t.provider))
    throw bad(key, t, `Use an object whose provider is one of ${providers.map((p) => `'${p}'`).join(', ')}.`)
  const { required, optional } = PROVIDER_KEYS[t.provider as CdnPurgeTarget['provider']]
  checkKeys(`${key}.`, t, ['provider', ...required, ...optional])
  for (const name of [...required, ...optional]) {
    const v = t[name]
    if (v === undefined) {
      if (required.includes(name)) throw bad(`${key}.${name}`, v, `Set ${name} for provider '${t.provider}'.`)
      continue
    }
    if (name === 'soft') {
      if (typeof v !== 'boolean') throw bad(`${key}.soft`, v, 'Use true or false.')
    } else if (typeof v !== 'string' || v.trim() === '') {
      throw bad(`${key}.${name}`, v, 'Use a non-empty string.')
    } else if (URL_KEYS.has(name) && !/^https?:\/\/[^/]/.test(v)) {
      throw bad(`${key}.${name}`, v, "Use an http(s) URL, e.g. 'http://127.0.0.1:8080/purge'.")
    }
  }
  return t as unknown as CdnPurgeTarget
}
