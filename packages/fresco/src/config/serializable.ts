// The resolved config as it crosses into another thread or bundle: it must be cloneable (JSON), so
// a handler object from fresco.config is replaced by 'fs' (the receiver is given its handler again:
// the build's and the render pool's workers get a proxy to the main thread's cache). The inspector
// secret stays out: the build bakes this into the server bundle, and only `fresco start` reads it.
import type { ResolvedConfig } from './types.js'

export function serializableConfig(config: ResolvedConfig): ResolvedConfig {
  const withoutSecret = config.inspector === null ? config : { ...config, inspector: null }
  return typeof config.cacheHandler === 'object' ? { ...withoutSecret, cacheHandler: 'fs' } : withoutSecret
}
