// The data layer's process-wide wiring: which response cache holds data entries, where logs go,
// and the fetch patch. Called by the server and the prerenderer before the first render.
import type { Logger, ResponseCache } from '@fresco/cache'
import type { FetchOutcome } from '../server/app-observer.js'
import type { Tracer } from '../server/tracer.js'
import { setDraftSecret } from './draft-cookie.js'
import { installFetchPatch } from './fetch.js'

export interface FetchLogging {
  /** Print whole URLs instead of `host/path…` shortened to 48 characters (Next: logging.fetches.fullUrl). */
  fullUrl?: boolean
}

export interface DataLayerOptions {
  /** The response cache data entries go to (`data:<sha256>`, `fn:<sha256>`); shared with the route cache. */
  cache?: ResponseCache
  logger: Logger
  /** Next's `logging: { fetches: { fullUrl } }`: one line per server fetch. */
  logging?: { fetches?: FetchLogging | boolean }
  /** Where fetch log lines go (default console.log): they are requested output, not debug noise. */
  print?: (line: string) => void
  /** Per-build secret that signs the draft-mode cookie (every instance of a build must agree). */
  draftModeSecret?: string
  /**
   * Told of every on-demand revalidation once the cache has it (the CDN purger, runtime/cdn):
   * the tags invalidated and, for revalidatePath of a path, that path. Never awaited.
   */
  onRevalidate?: (revalidated: Revalidated) => void
  /** Told the data cache's outcome of every server fetch (metrics). */
  onFetch?: (outcome: FetchOutcome) => void
  /** A `fetch GET <url>` span per server fetch, when the app registered a tracer provider. */
  tracer?: Tracer
}

export interface Revalidated {
  tags: string[]
  paths: string[]
}

export interface DataLayer {
  cache: ResponseCache | undefined
  logger: Logger
  fetchLog: FetchLogging | undefined
  print: (line: string) => void
  onRevalidate: ((revalidated: Revalidated) => void) | undefined
  onFetch: ((outcome: FetchOutcome) => void) | undefined
  tracer: Tracer | undefined
}

const CONFIG = Symbol.for('fresco.data.config')
const slots = globalThis as { [CONFIG]?: DataLayer }

/**
 * Idempotent: a second call replaces the cache / logger (dev server restarts, tests) and keeps the
 * one fetch patch installed by the first.
 */
export function configureDataLayer(options: DataLayerOptions): void {
  const fetches = options.logging?.fetches
  slots[CONFIG] = {
    cache: options.cache,
    logger: options.logger,
    fetchLog: fetches === true ? {} : fetches || undefined,
    print: options.print ?? ((line) => console.log(line)),
    onRevalidate: options.onRevalidate,
    onFetch: options.onFetch,
    // Next's switch for apps that trace fetch with an instrumentation of their own.
    tracer: process.env.NEXT_OTEL_FETCH_DISABLED === '1' ? undefined : options.tracer,
  }
  if (options.draftModeSecret !== undefined) setDraftSecret(options.draftModeSecret)
  installFetchPatch()
}

const fallback: DataLayer = {
  cache: undefined,
  logger: {
    debug() {},
    warn: (m) => console.warn(`[fresco] ${m}`),
    error: (m, e) => console.error(`[fresco] ${m}`, e),
  },
  fetchLog: undefined,
  print: () => {},
  onRevalidate: undefined,
  onFetch: undefined,
  tracer: undefined,
}

/** The configured layer; before configureDataLayer() there is no data cache (plain calls only). */
export function dataLayer(): DataLayer {
  return slots[CONFIG] ?? fallback
}
