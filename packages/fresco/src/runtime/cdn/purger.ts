// Purges CDNs and proxies after on-demand revalidation, in the background: a revalidation never
// waits for a CDN and never fails because of one. Per target, one request at a time, in order;
// failures are retried with exponential back-off (network errors, timeouts, 408, 429, 5xx), refusals
// (other 4xx: a wrong token or zone) are logged once with the answer and not retried. Revalidations
// that arrive while a purge waits are merged into the next one (bounded memory, fewer API calls).
import type { Logger } from '@fresco/cache'
import type { CdnPurgeTarget, ResolvedCdn } from '../../config/cdn.js'
import { type PurgeJob, type PurgeRequest, purgeRequests, refusedBody } from './adapters.js'
import type { ServedPaths } from './served-paths.js'

/** A request to a CDN API that takes longer is abandoned (and retried). */
export const PURGE_TIMEOUT_MS = 10_000
/** Back-off after the first failure; doubles per attempt, capped. */
export const PURGE_BACKOFF_MS = 1_000
const MAX_BACKOFF_MS = 30_000
/** Tags + paths held waiting per target; past it the oldest are dropped with a warning. */
export const MAX_PENDING_ITEMS = 10_000

export interface PurgeStats {
  /** Purge requests a target accepted. */
  sent: number
  /** Attempts that failed and were retried. */
  retried: number
  /** Requests given up (refused, or still failing after every attempt). */
  failed: number
  /** Tags and paths dropped because too many were waiting. */
  dropped: number
}

export interface Purger {
  /** Queue a purge of `job` on every target; returns at once. */
  purge(job: PurgeJob): void
  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void>
  readonly stats: PurgeStats
}

export interface PurgerOptions {
  cdn: ResolvedCdn
  logger: Logger
  /** The process's own fetch (not the data layer's patched one). */
  fetch: typeof globalThis.fetch
  served?: ServedPaths
  /** The URLs a page path is cached under (default: the path itself). */
  urlsOf?: (path: string) => string[]
  backoffMs?: number
  timeoutMs?: number
}

const name = (t: CdnPurgeTarget) =>
  t.provider === 'nginx' ? `nginx ${t.purgeUrl}` : t.provider === 'webhook' ? `webhook ${t.url}` : t.provider

export function createPurger(options: PurgerOptions): Purger {
  const { cdn, logger, served } = options
  const backoff = options.backoffMs ?? PURGE_BACKOFF_MS
  const timeoutMs = options.timeoutMs ?? PURGE_TIMEOUT_MS
  const stats: PurgeStats = { sent: 0, retried: 0, failed: 0, dropped: 0 }
  const sources = {
    servedWith: (tags: readonly string[]) => served?.withTags(tags) ?? [],
    urlsOf: options.urlsOf ?? ((path: string) => [path]),
  }

  const lanes = cdn.purge.map((target) => {
    let waiting: PurgeJob | undefined
    let running: Promise<void> | undefined

    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref())

    /** One request with its retries; resolves either way (failures are logged and counted). */
    async function send(req: PurgeRequest): Promise<void> {
      for (let attempt = 1; ; attempt++) {
        let problem: string
        let retry = true
        try {
          const res = await options.fetch(req.url, {
            method: req.method,
            headers: req.headers,
            body: req.body,
            signal: AbortSignal.timeout(timeoutMs),
          })
          const text = await res.text()
          const refused = res.ok ? refusedBody(target, text) : undefined
          if ((res.ok && refused === undefined) || req.okStatuses?.includes(res.status)) {
            stats.sent++
            if (logger.debugEnabled !== false)
              logger.debug(`CDN purge ${name(target)}: ${req.what} (${res.status})`)
            return
          }
          problem = refused ?? `answered ${res.status} ${text.slice(0, 200).replace(/\s+/g, ' ')}`
          retry = refused === undefined && (res.status >= 500 || res.status === 408 || res.status === 429)
        } catch (error) {
          problem = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
        }
        if (!retry || attempt >= cdn.purgeAttempts) {
          stats.failed++
          logger.warn(
            `CDN purge ${name(target)} of ${req.what} failed after ${attempt} attempt(s): ${problem}. ` +
              (retry
                ? 'The CDN keeps its copies until their s-maxage ends.'
                : 'Check the purge settings in fresco.config (cdn.purge): the CDN refused the request.'),
          )
          return
        }
        stats.retried++
        const wait = Math.min(MAX_BACKOFF_MS, backoff * 2 ** (attempt - 1))
        await sleep(wait * (0.75 + Math.random() * 0.5))
      }
    }

    async function drain(): Promise<void> {
      while (waiting !== undefined) {
        const job = waiting
        waiting = undefined
        for (const req of purgeRequests(target, job, sources)) await send(req)
      }
      running = undefined
    }

    return {
      add(job: PurgeJob) {
        if (waiting === undefined) waiting = { tags: [...job.tags], paths: [...job.paths] }
        else {
          waiting.tags = [...new Set([...waiting.tags, ...job.tags])]
          waiting.paths = [...new Set([...waiting.paths, ...job.paths])]
        }
        const over = waiting.tags.length + waiting.paths.length - MAX_PENDING_ITEMS
        if (over > 0) {
          stats.dropped += over
          logger.warn(`CDN purge ${name(target)}: ${over} tags/paths dropped, too many waiting`)
          waiting.paths.splice(0, Math.min(over, waiting.paths.length))
          waiting.tags.splice(0, Math.max(0, waiting.tags.length + waiting.paths.length - MAX_PENDING_ITEMS))
        }
        running ??= drain()
      },
      idle: () => running ?? Promise.resolve(),
    }
  })

  return {
    purge(job) {
      if (job.tags.length === 0 && job.paths.length === 0) return
      for (const lane of lanes) lane.add(job)
    },
    async idle() {
      await Promise.all(lanes.map((l) => l.idle()))
    },
    stats,
  }
}
