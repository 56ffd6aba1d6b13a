// Redis-specific errors as named factories: each says what happened and what to do about it.

/** The handler was created without a client and `ioredis` could not be imported. */
export function redisClientMissing(cause: unknown): Error {
  return new Error(
    "[fresco] The Redis cache handler needs the 'ioredis' package. Install it with `npm install ioredis`, or pass your own client as `createRedisHandler({ client })`.",
    { cause },
  )
}

/** Neither `url` nor `client` was given. */
export function redisNoConnection(): Error {
  return new Error(
    '[fresco] createRedisHandler() needs a `url` (e.g. redis://localhost:6379, or set REDIS_URL) or an ioredis `client`.',
  )
}

/** A command did not answer within the handler's command timeout. */
export function redisTimeout(command: string, ms: number): Error {
  return new Error(
    `[fresco] Redis command ${command} did not answer within ${ms} ms. Check that Redis is reachable, or raise \`commandTimeoutMs\`.`,
  )
}

/** The connection is not ready, so the command was not sent (fail fast instead of queueing). */
export function redisNotReady(status: string): Error {
  return new Error(`[fresco] Redis is not connected (status: ${status}); the command was not sent.`)
}

/** Redis holds its connection open but stopped answering: commands fail now, one probe a second. */
export function redisUnresponsive(): Error {
  return new Error(
    '[fresco] Redis is not answering (its last commands timed out); the command was not sent. One probe a second checks whether it is back.',
  )
}

/** updateTags reached this instance's mirror but not Redis: other instances did not see it yet. */
export function redisTagUpdateFailed(tags: readonly string[], cause: unknown): Error {
  const list = tags.slice(0, 5).join(', ') + (tags.length > 5 ? ', …' : '')
  return new Error(
    `[fresco] Tags [${list}] were invalidated on this instance only: Redis is unavailable. They are replayed to Redis when it is back; retry the revalidation if other instances must see it now.`,
    { cause },
  )
}
