// The one data layer of `fresco cache` and the inspector page (node/inspector/): open the store the
// config selects, list its entries with the server's freshness verdict, count them. Both show the
// same rows and numbers because both read them here.
import { existsSync } from 'node:fs'
import {
  type CacheInspector,
  consoleLogger,
  createFsInspector,
  type Logger,
  type TagState,
} from '@fresco/cache'
import type { ResolvedConfig } from '../config/types.js'
import { cacheDirMissingError, cacheNotInspectableError } from '../errors.js'
import { type EntryView, viewOf } from './cache-view.js'

export async function openStore(
  config: ResolvedConfig,
  logger: Logger = consoleLogger,
): Promise<CacheInspector> {
  const handler = config.cacheHandler
  if (handler === 'fs') {
    if (!existsSync(config.cacheDir)) throw cacheDirMissingError(config.cacheDir)
    return createFsInspector({ dir: config.cacheDir, logger })
  }
  if (handler === 'redis' && config.redis) {
    const { createRedisInspector } = await import('@fresco/cache')
    return createRedisInspector({ url: config.redis.url, prefix: config.redis.prefix, logger })
  }
  throw cacheNotInspectableError(
    typeof handler === 'string' ? `'${handler}'` : 'an object from fresco.config',
  )
}

export interface Listing {
  views: EntryView[]
  tags: Map<string, TagState>
}

/** Entries under `prefix` (a raw key prefix) and the tag states they were judged with, read once. */
export async function listEntries(
  store: CacheInspector,
  prefix: string,
  routePrefix: string,
  defaultExpire: number,
  now = Date.now(),
): Promise<Listing> {
  const [entries, tags] = await Promise.all([store.list(prefix), store.tagStates()])
  return { views: entries.map((e) => viewOf(e, now, tags, routePrefix, defaultExpire)), tags }
}

export interface Stats {
  store: string
  buildId: string
  entries: number
  bytes: number
  byKind: Record<string, number>
  byState: Record<string, number>
  currentBuildPages: number
  tagStates: number
  budgetBytes: number | false | null
}

export function statsOf(
  views: EntryView[],
  tagStates: number,
  store: string,
  buildId: string,
  config: ResolvedConfig,
): Stats {
  const count = (pick: (v: EntryView) => string) => {
    const out: Record<string, number> = {}
    for (const v of views) out[pick(v)] = (out[pick(v)] ?? 0) + 1
    return out
  }
  return {
    store,
    buildId,
    entries: views.length,
    bytes: views.reduce((sum, v) => sum + v.bytes, 0),
    byKind: count((v) => v.kind),
    byState: count((v) => v.verdict),
    currentBuildPages: views.filter((v) => v.path !== undefined).length,
    tagStates,
    budgetBytes: config.cacheHandler === 'fs' ? config.cacheMaxDiskSize : null,
  }
}

export const bytes = (n: number) =>
  n < 10_240 ? `${n} B` : n < 10_485_760 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1_048_576).toFixed(1)} MB`
