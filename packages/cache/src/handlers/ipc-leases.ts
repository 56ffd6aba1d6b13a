// The lease table of the IPC host: one regeneration per key across the workers (what
// `SET lease NX PX` is for Redis). Expiry is checked when a lease is asked for, so a hung owner
// loses its lease after its TTL; an owner that dies loses every lease at once (`dropOwner`).

export interface LeaseTable {
  /** A new token, or null while another owner's lease on `key` has not expired. */
  acquire(key: string, owner: string, ttlMs: number): string | null
  /** Extends the lease if `token` still holds it. */
  renew(key: string, token: string, ttlMs: number): boolean
  /** `owner` wrote `key`: if it holds the lease, its release need not wake anyone (the write did). */
  written(key: string, owner: string): void
  /**
   * Ends the lease if `token` still holds it. Returns whether waiters must be woken: it ended without
   * its owner writing the key (a failed or unstored render), so nobody was told to re-read.
   */
  release(key: string, token: string): boolean
  /** Ends every lease of `owner` (its process is gone); returns their keys. */
  dropOwner(owner: string): string[]
}

interface Held {
  token: string
  owner: string
  expiresAt: number
  written: boolean
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
      held.set(key, { token, owner, expiresAt: now() + ttlMs, written: false })
      return token
    },
    renew(key, token, ttlMs) {
      const lease = holds(key, token)
      if (lease === undefined) return false
      lease.expiresAt = now() + ttlMs
      return true
    },
    written(key, owner) {
      const lease = held.get(key)
      if (lease?.owner === owner) lease.written = true
    },
    release(key, token) {
      const lease = held.get(key)
      if (lease?.token !== token) return false
      held.delete(key)
      return !lease.written
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
