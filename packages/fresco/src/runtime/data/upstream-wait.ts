// How a render waits on its data source (render-slots.ts owns the slots): a `fetch` answered within
// UPSTREAM_HOLD_MS keeps the render's slot; a slower one gives it to the next render and takes one
// back, ahead of new renders, before the render goes on. The render in progress is found through
// its async context, so the data layer needs no handle on the server.
import { AsyncLocalStorage } from 'node:async_hooks'

/** An upstream answer this quick keeps the slot (no hand-over, no reordering of quick renders). */
export const UPSTREAM_HOLD_MS = 20

/** One render's hold on a slot, seen by awaitUpstream through the render's async context. */
export interface Turn {
  held: boolean
  done: boolean
  /** Its way back to a slot, shared by upstream waits that end together (parallel fetches). */
  regaining?: Promise<void>
  give(): void
  take(): Promise<void>
}

const turns = new AsyncLocalStorage<Turn>()

/** Runs a render's work as `turn` (render-slots.ts). */
export const runInTurn = <T>(turn: Turn, work: () => Promise<T>): Promise<T> => turns.run(turn, work)

/** Whether `promise` settles within `ms`. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms, false)
    const done = () => {
      clearTimeout(timer)
      resolve(true)
    }
    promise.then(done, done)
  })
}

/**
 * Waits for `io` (an upstream request) on behalf of the render in progress, if any: a quick answer
 * keeps its slot; a slow one gives the slot away and takes it back, ahead of new renders, before the
 * render goes on. Outside a render (build, route handlers without slots) it is just `io()`.
 */
export async function awaitUpstream<T>(io: () => Promise<T>): Promise<T> {
  const turn = turns.getStore()
  if (turn === undefined || turn.done) return io()
  const pending = io()
  if (await settlesWithin(pending, UPSTREAM_HOLD_MS)) return pending
  if (turn.held && !turn.done) {
    turn.held = false
    turn.give()
  }
  try {
    return await pending
  } finally {
    if (!turn.held && !turn.done) {
      turn.regaining ??= turn.take().then(() => {
        turn.regaining = undefined
        // The render ended meanwhile (it did not await this fetch): the slot goes straight on.
        if (turn.done) turn.give()
        else turn.held = true
      })
      await turn.regaining
    }
  }
}
