// The optimised-image cache, made by the same cache set-up, with the image byte budget
// (images.maximumCacheSize) in place of the page one and its own room: a sibling fs directory, the
// memory handler, or the user's handler object as is (keys start with `image:`). Images then never
// evict pages, nor pages images. With Redis the images stay local (memory over the sibling fs
// directory): a result is a pure function of its source and parameters, so each instance may make
// its own, image bytes never crowd pages out of Redis memory, and an instance keeps one Redis
// connection (one outage report, not two).
import type { ResolvedConfig } from '../../config/types.js'

export function imageCacheConfig(config: ResolvedConfig): ResolvedConfig {
  const budget = config.images.maximumCacheSize
  // A memory L1 in front of fs: a quarter of the budget at most, never more than the pages get.
  const l1 = Math.min(config.cacheMaxMemorySize, Math.floor(budget / 4))
  switch (config.cacheHandler) {
    case 'memory':
      return { ...config, cacheMaxMemorySize: budget }
    case 'fs':
    case 'redis':
      return {
        ...config,
        cacheHandler: 'fs',
        cacheDir: `${config.cacheDir}-images`,
        cacheMaxDiskSize: budget,
        cacheMaxMemorySize: l1,
      }
    default:
      return config
  }
}
