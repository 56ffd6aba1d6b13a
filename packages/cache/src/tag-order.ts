// Tag state only moves forward (docs/design/redis.md, "Ordering"). Two instances invalidating the same
// tag within a few milliseconds reach Redis, and each other's mirrors, in any order; so Redis merges
// every update with what it holds (UPDATE_TAGS runs mergeTagStates in Lua) and every mirror applies a
// state only if it is later than its own (isLaterTagState). Both use this one order, and each merge
// result is at least as late as what Redis held, so the latest state Redis announced wins everywhere.
import type { TagState } from './types.js'

const staleOf = (s: TagState) => s.stale ?? Number.NEGATIVE_INFINITY
const expiredOf = (s: TagState) => s.expired ?? Number.POSITIVE_INFINITY

/**
 * The order: a later `stale` is later; at the same `stale`, an earlier `expired` is later (merging
 * in an update never postpones an expiry, so at equal `stale` the expiry only moves earlier).
 */
export function isLaterTagState(candidate: TagState, current: TagState | undefined): boolean {
  if (current === undefined) return true
  if (staleOf(candidate) !== staleOf(current)) return staleOf(candidate) > staleOf(current)
  return expiredOf(candidate) < expiredOf(current)
}

/**
 * Two invalidations of one tag as one record, whichever came first: the later `stale`, and the
 * newer's `expired`, except that a deadline of the older one still pending at the newer's `stale`
 * (or made at the same moment) is kept if earlier: nextTagState's "never postpone a pending expiry",
 * made independent of arrival order.
 */
export function mergeTagStates(a: TagState | undefined, b: Required<TagState>): Required<TagState> {
  // Without a deadline `a` holds nothing to keep (pruning drops a stale field before its expired).
  if (a?.expired === undefined) return b
  const current = { stale: a.stale ?? Number.NEGATIVE_INFINITY, expired: a.expired }
  const [older, newer] = current.stale > b.stale ? [b, current] : [current, b]
  const keepsOlderDeadline = older.expired > newer.stale || older.stale === newer.stale
  return {
    stale: newer.stale,
    expired: keepsOlderDeadline ? Math.min(older.expired, newer.expired) : newer.expired,
  }
}
