// The lease table of the IPC host: one regeneration per key across the workers (what
// `SET lease NX PX` is for Redis). Expiry is checked when a lease is asked for, so a hung owner
// loses its lease after its TTL; an owner that dies loses every lease at once (`dropOwner`).

export interface LeaseTable {
  /** A new token, or null while another owner's lease on `key` has not expired. */
  acquire(key: string, owner: string, ttlMs: number): string | null
  /** Extends the lease if `token` still holds it. */
  renew(key: string, token: string, ttlMs: number): boolean
  /**
   * `owner` wrote or deleted `key`: a lease it holds on the key ends here (the render it guarded has
   * landed; the worker sends no release). The write's own notice wakes the waiters.
   */
  written(key: string, owner: string): void
  /** Ends the lease if `token` still holds it (a render that stored nothing); returns whether it did. */
  release(key: string, token: string): boolean
  /** Ends every lease of `owner` (its process is gone); returns their keys. */
  dropOwner(owner: string): string[]
}

interface Held {
  token: string
  owner: string
  expiresAt: number
}

export function createLeaseTable(now: () => number): LeaseTable {
  const held = new Map<string, Held>()
  let counter = 0
  const holds = (key: string, token: string) => {
    const lease = held.get(key)
    return lease !== undefined && lease.token === token && lease.expiresAt > now() ? lease : undefined
  }
  return {
    acquire(key, owner, ttlMs) {
      const current = held.get(key)
      if (current !== undefined && current.expiresAt > now()) return null
      const token = `${owner}:${++counter}`
      held.set(key, { token, owner, expiresAt: now() + ttlMs })
      return token
    },
    renew(key, token, ttlMs) {
      const lease = holds(key, token)
      if (lease === undefined) return false
      lease.expiresAt = now() + ttlMs
      return true
    },
    written(key, owner) {
      if (held.get(key)?.owner === owner) held.delete(key)
    },
    release(key, token) {
      if (held.get(key)?.token !== token) return false
      held.delete(key)
      return true
    },
    dropOwner(owner) {
      const keys: string[] = []
      for (const [key, lease] of held) {
        if (lease.owner !== owner) continue
        held.delete(key)
        keys.push(key)
      }
      return keys
    },
  }
}
