// Cluster-wide single flight: a lease is `SET <lease key> <random token> NX PX ttl`; renew and
// release are compare-and-act scripts so only the token's owner can touch it. When Redis is down
// a process-local pseudo-lease is handed out instead: availability over cluster-wide dedup.
import { randomUUID } from 'node:crypto'
import type { Lease } from '../types.js'
import type { RedisConnection } from './redis-connection.js'
import type { RedisKeys } from './redis-keys.js'
import { RELEASE_LEASE, RENEW_LEASE } from './redis-scripts.js'

export interface RedisLeases {
  acquire(key: string, ttlMs: number): Promise<Lease | null>
}

export function createRedisLeases(conn: RedisConnection, keys: RedisKeys): RedisLeases {
  const local = new Map<string, { token: string; expiresAt: number }>()

  function localLease(key: string, ttlMs: number): Lease | null {
    const held = local.get(key)
    if (held && held.expiresAt > Date.now()) return null
    const token = randomUUID()
    local.set(key, { token, expiresAt: Date.now() + ttlMs })
    return {
      key,
      token,
      async renew(ttl) {
        const mine = local.get(key)
        if (mine?.token !== token || mine.expiresAt <= Date.now()) return false
        mine.expiresAt = Date.now() + ttl
        return true
      },
      async release() {
        if (local.get(key)?.token === token) local.delete(key)
      },
    }
  }

  function redisLease(key: string, token: string, ttlMs: number): Lease {
    const leaseKey = keys.lease(key)
    let expiresAt = Date.now() + ttlMs
    return {
      key,
      token,
      async renew(ttl) {
        try {
          const ok = await conn.call('EVAL renew', (c) => c.eval(RENEW_LEASE, 1, leaseKey, token, px(ttl)))
          if (ok === 1) expiresAt = Date.now() + ttl
          return ok === 1
        } catch {
          // Redis unreachable: nobody can take the lease from us through it before it would have expired.
          return Date.now() < expiresAt
        }
      },
      async release() {
        // On failure the lease simply expires after its TTL.
        await conn.call('EVAL release', (c) => c.eval(RELEASE_LEASE, 1, leaseKey, token)).catch(() => {})
      },
    }
  }

  return {
    async acquire(key, ttlMs) {
      const token = randomUUID()
      let reply: unknown
      try {
        reply = await conn.call('SET NX', (c) => c.set(keys.lease(key), token, 'PX', px(ttlMs), 'NX'))
      } catch {
        return localLease(key, ttlMs)
      }
      return reply === 'OK' ? redisLease(key, token, ttlMs) : null
    },
  }
}

/** PX takes a positive integer. */
function px(ms: number): number {
  return Math.max(1, Math.ceil(ms))
}
