// Tag state for the Redis handler: one hash in Redis (fields `s:<tag>` = stale, `e:<tag>` = expired),
// updated by a script that merges each update with what Redis holds and broadcasts the result; a
// local mirror read synchronously on the hot path, kept current by pub/sub, a periodic resync that
// heals missed messages, and a replay of updates made while Redis was down (one per tag, bounded).
// Both only ever move a tag forward (tag-order.ts), whatever order messages arrive in.
import { nextTagState } from '../freshness.js'
import { isLaterTagState, mergeTagStates } from '../tag-order.js'
import type { Clock, Logger, TagState, UpdateTagsOptions } from '../types.js'
import type { RedisConnection } from './redis-connection.js'
import { redisTagUpdateFailed } from './redis-errors.js'
import type { RedisKeys } from './redis-keys.js'
import { PRUNE_TAGS, UPDATE_TAGS } from './redis-scripts.js'
import { applyLater, createTagListeners, type TagListener } from './tag-mirror.js'

/** Invalidations of distinct tags kept for replay during one outage (each ~100 bytes). */
export const MAX_PENDING_TAGS = 10_000

export interface RedisTagMirrorOptions {
  conn: RedisConnection
  keys: RedisKeys
  clock: Clock
  logger: Logger
  /** This instance's id: its own messages are skipped (their values arrive with the script's reply). */
  origin: string
  /** Fields older than this are deleted on resync (no entry can be that old: TTLs are capped by it). */
  maxAgeMs: number
}

export interface RedisTagMirror {
  get(tag: string): TagState | undefined
  update(tags: readonly string[], options?: UpdateTagsOptions): Promise<void>
  /** Reload the mirror from Redis (and prune fields older than `maxAgeMs`). */
  resync(): Promise<void>
  /** Push updates made during an outage, then resync; runs when Redis is back. */
  recover(): Promise<void>
  handleMessage(message: string): void
  onUpdate(listener: TagListener): () => void
}

/** Hash fields (`s:<tag>`, `e:<tag>` → ms) as one state per tag; anything else is skipped. */
export function statesOf(fields: Record<string, unknown>): Map<string, TagState> {
  const out = new Map<string, TagState>()
  for (const [field, raw] of Object.entries(fields)) {
    const which = field.startsWith('s:') ? 'stale' : field.startsWith('e:') ? 'expired' : undefined
    const value = Number(raw)
    if (!which || raw === null || raw === '' || !Number.isFinite(value)) continue
    const tag = field.slice(2)
    out.set(tag, { ...out.get(tag), [which]: value })
  }
  return out
}

export function createRedisTagMirror(opts: RedisTagMirrorOptions): RedisTagMirror {
  const { conn, keys, clock, logger, origin } = opts
  let states = new Map<string, TagState>()
  /** The latest state of each tag invalidated while Redis was unreachable (coalesced, bounded). */
  const pending = new Map<string, Required<TagState>>()
  let droppedDuringOutage = 0
  const listeners = createTagListeners(logger, 'redis')
  let resyncing: Promise<void> | undefined

  const notify = (tags: Iterable<string>, remote = false) => listeners.notify(tags, states, remote)

  /** The states a tag message (pub/sub or a script reply) carries, or undefined if it is not ours. */
  function parse(message: unknown): { origin: unknown; states: Map<string, TagState> } | undefined {
    if (typeof message !== 'string') return undefined
    let m: { o?: unknown; f?: unknown }
    try {
      m = JSON.parse(message)
    } catch {
      return undefined // not ours: someone else publishes on this channel
    }
    if (typeof m !== 'object' || m === null || typeof m.f !== 'object' || m.f === null) return undefined
    return { origin: m.o, states: statesOf(m.f as Record<string, unknown>) }
  }

  /** Merges `updates` into Redis and applies what Redis now holds (at least as late as `updates`). */
  async function write(updates: Map<string, TagState>): Promise<void> {
    const args = [...updates].flatMap(([tag, s]) => [tag, String(s.stale), String(s.expired)])
    const o = JSON.stringify(origin)
    const reply = await conn.call('EVAL tags', (c) =>
      c.eval(UPDATE_TAGS, 1, keys.tags, keys.tagsChannel, o, ...args),
    )
    const parsed = parse(reply)
    if (parsed) notify(applyLater(parsed.states, states))
  }

  function queueForReplay(updates: Map<string, Required<TagState>>): void {
    for (const [tag, state] of updates) {
      if (!pending.has(tag) && pending.size >= MAX_PENDING_TAGS) {
        if (droppedDuringOutage++ === 0)
          logger.warn(
            `redis: more than ${MAX_PENDING_TAGS} tags invalidated while Redis is down; later ones hold on this instance only (other instances pick them up only if invalidated again)`,
          )
        continue
      }
      pending.set(tag, mergeTagStates(pending.get(tag), state))
    }
  }

  async function load(): Promise<void> {
    const raw = await conn.call('HGETALL', (c) => c.hgetall(keys.tags))
    const cutoff = clock.now() - opts.maxAgeMs
    const fields: Record<string, string> = {}
    const prune: string[] = []
    for (const [field, value] of Object.entries(raw)) {
      if (Number(value) < cutoff) prune.push(field, value)
      else fields[field] = value
    }
    const next = statesOf(fields)
    applyLater(pending, next) // local updates not yet in Redis still hold here
    // A resync never moves a tag back to an older invalidation than this instance knows: a message
    // that arrived while the snapshot was in flight, or everything before a restart of a Redis
    // without persistence (the L1 copies those invalidations affect are still here).
    for (const [tag, local] of states)
      if ((local.stale ?? 0) >= cutoff && isLaterTagState(local, next.get(tag))) next.set(tag, local)
    const changed = new Set([...next.keys(), ...states.keys()])
    for (const tag of changed) {
      const a = states.get(tag)
      const b = next.get(tag)
      if (a?.stale === b?.stale && a?.expired === b?.expired) changed.delete(tag)
    }
    states = next
    notify(changed, true) // what a resync finds changed came from other instances
    if (prune.length > 0) await conn.call('EVAL prune', (c) => c.eval(PRUNE_TAGS, 1, keys.tags, ...prune))
  }

  return {
    get: (tag) => states.get(tag),
    async update(tags, options) {
      if (tags.length === 0) return
      const now = clock.now()
      const updates = new Map<string, Required<TagState>>()
      // The mirror answers at once (never moving back: another instance's later state stays);
      // Redis merges the same state with what it holds and returns and broadcasts the result.
      for (const tag of tags)
        updates.set(tag, mergeTagStates(states.get(tag), nextTagState(states.get(tag), now, options)))
      notify(applyLater(updates, states))
      try {
        await write(updates)
      } catch (error) {
        queueForReplay(updates)
        throw redisTagUpdateFailed(tags, error)
      }
    },
    resync() {
      resyncing ??= load().finally(() => {
        resyncing = undefined
      })
      return resyncing
    },
    async recover() {
      if (pending.size > 0) {
        const replay = new Map(pending)
        await write(replay) // merged like any update: never moves Redis back
        for (const [tag, state] of replay) if (pending.get(tag) === state) pending.delete(tag)
        logger.warn(`redis: replayed the invalidation of ${replay.size} tags made while Redis was down.`)
      }
      droppedDuringOutage = 0
      await this.resync()
    },
    handleMessage(message) {
      const parsed = parse(message)
      // Our own broadcast carries what the script's reply already gave us.
      if (parsed && parsed.origin !== origin) notify(applyLater(parsed.states, states), true)
    },
    onUpdate: (listener) => listeners.add(listener),
  }
}
