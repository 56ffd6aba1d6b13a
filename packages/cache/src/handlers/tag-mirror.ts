// A process-local mirror of tag state shared with other processes (Redis, or the IPC host of
// `fresco start --workers`): states only ever move forward (tag-order.ts), whatever order replies,
// broadcasts and snapshots arrive in, and listeners (the purge fence, onTagUpdate) hear of every
// change, tags with equal state grouped in one call.
import { isLaterTagState } from '../tag-order.js'
import type { Logger, TagState } from '../types.js'

export type TagListener = (tags: readonly string[], state: TagState, remote: boolean) => void

/** Moves each tag of `updates` forward in `into` (never back); returns the tags that changed. */
export function applyLater(updates: Iterable<[string, TagState]>, into: Map<string, TagState>): Set<string> {
  const changed = new Set<string>()
  for (const [tag, state] of updates) {
    if (!isLaterTagState(state, into.get(tag))) continue
    into.set(tag, state)
    changed.add(tag)
  }
  return changed
}

export interface TagListeners {
  add(listener: TagListener): () => void
  /** Tell every listener the current state of `tags` (as `states` holds it); `remote`: from elsewhere. */
  notify(tags: Iterable<string>, states: Map<string, TagState>, remote?: boolean): void
}

export function createTagListeners(logger: Logger, owner: string): TagListeners {
  const listeners = new Set<TagListener>()
  return {
    add(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    notify(tags, states, remote = false) {
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
            listener(group, state, remote)
          } catch (error) {
            logger.error(`${owner}: a tag update listener threw`, error)
          }
        }
      }
    },
  }
}
