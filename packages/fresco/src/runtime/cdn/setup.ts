// The CDN side of one serving process, from the `cdn` config: the cache-tag header name for the
// route cache, the index of served paths (only when a URL-only proxy is purged), and the purger
// the data layer tells of every on-demand revalidation. The build has none of it.

import type { Logger } from '@fresco/cache'
import type { ResolvedCdn } from '../../config/cdn.js'
import { addBasePath } from '../base-path.js'
import { rscUrl } from '../render/payload.js'
import { createPurger, type Purger } from './purger.js'
import { createServedPaths, type ServedPaths } from './served-paths.js'

export interface Cdn {
  tagHeader: string | null
  served: ServedPaths | undefined
  purger: Purger | undefined
}

export interface CdnSetup {
  logger: Logger
  /** The process's own fetch (not the data layer's patched one). */
  fetch: typeof globalThis.fetch
  /** A page path's Pages Router data URL (`/_fresco/data/<buildId>/….json`). */
  dataUrl: (path: string) => string
}

export function createCdn(cdn: ResolvedCdn, setup: CdnSetup): Cdn {
  const byUrl = cdn.purge.some((t) => t.provider === 'nginx')
  const served = byUrl ? createServedPaths() : undefined
  const purger =
    cdn.purge.length === 0
      ? undefined
      : createPurger({
          cdn,
          logger: setup.logger,
          fetch: setup.fetch,
          served,
          // A proxy caches each representation under its own URL (under basePath): purge all three.
          urlsOf: (path) => [path, rscUrl(path), setup.dataUrl(path)].map((url) => addBasePath(url)),
        })
  return { tagHeader: cdn.tagHeader, served, purger }
}
