// The optimised-image cache is a handler of the app's own kind (cacheHandler), made by the same
// cache set-up, with the image byte budget (images.maximumCacheSize) in place of the page one and
// its own room: a sibling fs directory, a Redis sub-prefix, or the user's handler object as is
// (keys start with `image:`). Images then never evict pages, nor pages images.
import type { ResolvedConfig } from '../../config/types.js'

export function imageCacheConfig(config: ResolvedConfig): ResolvedConfig {
  const budget = config.images.maximumCacheSize
  // A memory L1 in front of fs / redis: a quarter of the budget at most, never more than the pages get.
  const l1 = Math.min(config.cacheMaxMemorySize, Math.floor(budget / 4))
  switch (config.cacheHandler) {
    case 'memory':
      return { ...config, cacheMaxMemorySize: budget }
    case 'fs':
      return {
        ...config,
        cacheDir: `${config.cacheDir}-images`,
        cacheMaxDiskSize: budget,
        cacheMaxMemorySize: l1,
      }
    case 'redis':
      return {
        ...config,
        cacheMaxMemorySize: l1,
        redis: config.redis && { ...config.redis, prefix: `${config.redis.prefix}:img` },
      }
    default:
      return config
  }
}
