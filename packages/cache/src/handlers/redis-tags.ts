// Tag state for the Redis handler: one hash in Redis (fields `s:<tag>` = stale, `e:<tag>` = expired),
// updated by a script that applies nextTagState to what Redis holds and broadcasts the result; a
// local mirror read synchronously on the hot path, kept current by pub/sub, a periodic resync that
// heals missed messages, and a replay of updates made while Redis was down.
import { nextTagState } from '../freshness.js'
import type { Clock, Logger, TagState, UpdateTagsOptions } from '../types.js'
import type { RedisConnection } from './redis-connection.js'
import { redisTagUpdateFailed } from './redis-errors.js'
import type { RedisKeys } from './redis-keys.js'
import { PRUNE_TAGS, UPDATE_TAGS } from './redis-scripts.js'

type Listener = (tags: readonly string[], state: TagState) => void
type Rule = 'set' | 'min' | 'max'
type Write = Record<string, [value: number, rule: Rule]>

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
  onUpdate(listener: Listener): () => void
}

export function createRedisTagMirror(opts: RedisTagMirrorOptions): RedisTagMirror {
  const { conn, keys, clock, logger, origin } = opts
  let states = new Map<string, TagState>()
  const pending = new Map<string, number>() // fields written locally while Redis was unreachable
  const listeners = new Set<Listener>()
  let resyncing: Promise<void> | undefined

  function apply(fields: Record<string, number>, into: Map<string, TagState>): Set<string> {
    const changed = new Set<string>()
    for (const [field, value] of Object.entries(fields)) {
      const tag = field.slice(2)
      const which = field.startsWith('s:') ? 'stale' : field.startsWith('e:') ? 'expired' : undefined
      if (!which || !Number.isFinite(value) || into.get(tag)?.[which] === value) continue
      into.set(tag, { ...into.get(tag), [which]: value })
      changed.add(tag)
    }
    return changed
  }

  function notify(tags: Iterable<string>): void {
    if (listeners.size === 0) return
    const groups = new Map<string, string[]>() // listeners take one state per call: group equal states
    for (const tag of tags) {
      const s = states.get(tag) ?? {}
      const id = `${s.stale}|${s.expired}`
      groups.set(id, [...(groups.get(id) ?? []), tag])
    }
    for (const group of groups.values()) {
      const state = states.get(group[0]!) ?? {}
      for (const listener of listeners) {
        try {
          listener(group, state)
        } catch (error) {
          logger.error('redis: a tag update listener threw', error)
        }
      }
    }
  }

  /** Applies a tag message (from pub/sub or a script reply); `own` = also this instance's. */
  function receive(message: unknown, own: boolean): void {
    if (typeof message !== 'string') return
    let m: { o?: unknown; f?: unknown }
    try {
      m = JSON.parse(message)
    } catch {
      return // not ours: someone else publishes on this channel
    }
    if (typeof m !== 'object' || m === null || typeof m.f !== 'object' || m.f === null) return
    // Our own broadcast may arrive after a newer local update: its values came with the reply.
    if (!own && m.o === origin) return
    const fields = m.f as Record<string, number>
    notify(apply(fields, states))
  }

  async function write(fields: Write): Promise<void> {
    const args = Object.entries(fields).flatMap(([f, [v, rule]]) => [f, String(v), rule])
    const o = JSON.stringify(origin)
    const reply = await conn.call('EVAL tags', (c) =>
      c.eval(UPDATE_TAGS, 1, keys.tags, keys.tagsChannel, o, clock.now(), ...args),
    )
    receive(reply, true)
  }

  async function load(): Promise<void> {
    const raw = await conn.call('HGETALL', (c) => c.hgetall(keys.tags))
    const cutoff = clock.now() - opts.maxAgeMs
    const fields: Record<string, number> = {}
    const prune: string[] = []
    for (const [field, value] of Object.entries(raw)) {
      const n = Number(value)
      if (Number.isFinite(n) && n < cutoff) prune.push(field, value)
      else fields[field] = n
    }
    const next = new Map<string, TagState>()
    apply(fields, next)
    apply(Object.fromEntries(pending), next) // local updates not yet in Redis still hold here
    // A resync never forgets an invalidation this instance knows of that is newer than what Redis
    // holds: a message that arrived while the snapshot was in flight, or everything before a restart
    // of a Redis without persistence (the L1 copies those invalidations affect are still here).
    for (const [tag, local] of states) {
      const remote = next.get(tag)
      if ((local.stale ?? 0) >= cutoff && (remote === undefined || (local.stale ?? 0) > (remote.stale ?? 0)))
        next.set(tag, local)
    }
    const changed = new Set([...next.keys(), ...states.keys()])
    for (const tag of changed) {
      const a = states.get(tag)
      const b = next.get(tag)
      if (a?.stale === b?.stale && a?.expired === b?.expired) changed.delete(tag)
    }
    states = next
    notify(changed)
    if (prune.length > 0) await conn.call('EVAL prune', (c) => c.eval(PRUNE_TAGS, 1, keys.tags, ...prune))
  }

  return {
    get: (tag) => states.get(tag),
    async update(tags, options) {
      if (tags.length === 0) return
      const now = clock.now()
      const soft = (options?.expire ?? 0) > 0
      const fields: Write = {}
      for (const tag of tags) {
        // The mirror answers at once; the script re-applies the rule to what Redis holds and
        // returns and broadcasts the result, which every instance applies.
        const next = nextTagState(states.get(tag), now, options)
        fields[`s:${tag}`] = [next.stale ?? now, 'set']
        fields[`e:${tag}`] = [next.expired ?? now, soft ? 'min' : 'set']
      }
      const local = Object.fromEntries(Object.entries(fields).map(([f, [v]]) => [f, v]))
      notify(apply(local, states))
      try {
        await write(fields)
      } catch (error) {
        for (const [f, v] of Object.entries(local)) pending.set(f, v)
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
        const replay = Object.fromEntries(pending)
        // Replayed fields only move forward: another instance may have written newer ones meanwhile.
        await write(Object.fromEntries(Object.entries(replay).map(([f, v]) => [f, [v, 'max' as const]])))
        for (const [f, v] of Object.entries(replay)) if (pending.get(f) === v) pending.delete(f)
        logger.warn(`redis: replayed ${Object.keys(replay).length} tag fields written while Redis was down.`)
      }
      await this.resync()
    },
    handleMessage: (message) => receive(message, false),
    onUpdate(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
