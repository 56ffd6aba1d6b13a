// Key layout of the Redis handler (docs/design/redis.md): route entries live under the build id so
// a deploy starts from an empty route cache; data entries do not, so they survive deploys.

export interface RedisKeys {
  /** Where a cache key's entry is stored. */
  entry(key: string): string
  /** The lease guarding a key's regeneration. */
  lease(key: string): string
  /** The hash of tag states (fields `s:<tag>` = stale, `e:<tag>` = expired, in ms). */
  readonly tags: string
  /** Pub/sub channel announcing tag updates. */
  readonly tagsChannel: string
  /** Pub/sub channel announcing that a key was set. */
  readonly setChannel: string
}

export function createRedisKeys(prefix: string, buildId: string | undefined): RedisKeys {
  const routes = buildId ? `${prefix}:${buildId}:` : `${prefix}:`
  return {
    entry: (key) => (key.startsWith('route:') ? routes + key : `${prefix}:${key}`),
    lease: (key) => `${prefix}:lease:${key}`,
    tags: `${prefix}:tags`,
    tagsChannel: `${prefix}:tags`,
    setChannel: `${prefix}:set`,
  }
}
