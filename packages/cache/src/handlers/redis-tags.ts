// Tag state for the Redis handler: one hash in Redis (fields `s:<tag>` and `e:<tag>`, so an update
// is a blind HSET with no read-modify-write), a local mirror read synchronously on the hot path,
// kept current by pub/sub, a periodic resync that heals missed messages, and a replay of updates
// made while Redis was down.
import type { Clock, Logger, TagState, UpdateTagsOptions } from '../types.js'
import type { RedisConnection } from './redis-connection.js'
import { redisTagUpdateFailed } from './redis-errors.js'
import type { RedisKeys } from './redis-keys.js'

// Writes fields (mode 'max': only if newer, for replays) and announces them, atomically.
const UPDATE = `for i = 4, #ARGV, 2 do
  local old = ARGV[3] == 'max' and tonumber(redis.call('HGET', KEYS[1], ARGV[i])) or nil
  if not old or old < tonumber(ARGV[i + 1]) then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
redis.call('PUBLISH', ARGV[1], ARGV[2])
return 1`
// Deletes a field only if it still holds the value we judged too old (a concurrent update wins).
const PRUNE = `for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 1`

type Listener = (tags: readonly string[], state: TagState) => void
type Message = { o: string; f?: Record<string, number>; r?: 1 }

export interface RedisTagMirrorOptions {
  conn: RedisConnection
  keys: RedisKeys
  clock: Clock
  logger: Logger
  /** This instance's id: its own pub/sub messages are already applied. */
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
  const pending = new Map<string, number>() // fields written locally that Redis has not seen yet
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

  async function write(fields: Record<string, number>, mode: 'set' | 'max', message: Message): Promise<void> {
    const args = Object.entries(fields).flatMap(([f, v]) => [f, String(v)])
    await conn.call('EVAL tags', (c) =>
      c.eval(UPDATE, 1, keys.tags, keys.tagsChannel, JSON.stringify(message), mode, ...args),
    )
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
    const changed = new Set([...next.keys(), ...states.keys()])
    for (const tag of changed) {
      const a = states.get(tag)
      const b = next.get(tag)
      if (a?.stale === b?.stale && a?.expired === b?.expired) changed.delete(tag)
    }
    states = next
    notify(changed)
    if (prune.length > 0) await conn.call('EVAL prune', (c) => c.eval(PRUNE, 1, keys.tags, ...prune))
  }

  return {
    get: (tag) => states.get(tag),
    async update(tags, options) {
      if (tags.length === 0) return
      const now = clock.now()
      const fields: Record<string, number> = {}
      for (const tag of tags) {
        // Without a profile the tags expire now; with one they go stale now and expire later.
        if (options?.expire === undefined) fields[`e:${tag}`] = now
        else Object.assign(fields, { [`s:${tag}`]: now, [`e:${tag}`]: now + options.expire * 1000 })
      }
      notify(apply(fields, states))
      try {
        await write(fields, 'set', { o: origin, f: fields })
      } catch (error) {
        for (const [f, v] of Object.entries(fields)) pending.set(f, v)
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
        // Replays only move fields forward, then ask every instance to reload (mode 'max' may skip some).
        await write(replay, 'max', { o: origin, r: 1 })
        for (const [f, v] of Object.entries(replay)) if (pending.get(f) === v) pending.delete(f)
        logger.warn(`redis: replayed ${Object.keys(replay).length} tag updates made while Redis was down.`)
      }
      await this.resync()
    },
    handleMessage(message) {
      let m: Message
      try {
        m = JSON.parse(message)
      } catch {
        return // not ours: someone else publishes on this channel
      }
      if (typeof m !== 'object' || m === null || m.o === origin) return
      if (m.r === 1) this.resync().catch(() => {})
      else if (m.f && typeof m.f === 'object') notify(apply(m.f, states))
    },
    onUpdate(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
