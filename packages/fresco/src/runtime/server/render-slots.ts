// At most `limit` renders run at once; the others wait their turn in arrival order. Renders that
// all run together share the CPU and all finish late (200 concurrent 12 ms renders on one core:
// every one takes ~2.5 s); taken in turn, each finishes in about its own time plus the queue ahead,
// and HITs — answered synchronously, never queued — only ever wait behind `limit` renders' work.
// A waiting request whose client went away is dropped before it renders.
//
// A slot bounds CPU work, not waiting: a render whose upstream (a `fetch`, through awaitUpstream)
// has not answered within UPSTREAM_HOLD_MS gives its slot to the next render, and takes one again
// — before any new render — once the answer is there. Without that, `limit` renders waiting on a
// slow or hanging data source stop every other render (other pages, 404s) until their timeout.
// Renders started and not finished (holding a slot or waiting upstream) are bounded by `admitLimit`.
import { runInTurn, type Turn } from '../data/upstream-wait.js'
import type { AppObserver } from './app-observer.js'

/** Renders admitted at once (in a slot or waiting upstream), as a multiple of the slots. */
export const ADMIT_FACTOR = 8

export interface RenderSlots {
  /** Runs `work` when a slot is free (rejects with the signal's reason if it aborts first). */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>
  /** Renders holding a slot, and waiting for one (new ones and ones back from upstream). */
  readonly active: number
  readonly waiting: number
}

export function createRenderSlots(limit: number, admitLimit = limit * ADMIT_FACTOR): RenderSlots {
  let active = 0
  let admitted = 0
  const queue: { start: () => void; signal?: AbortSignal }[] = []
  /** Renders back from upstream, waiting for a slot: served before any new render. */
  const returning: (() => void)[] = []

  /** The next live new render, if the admission bound allows one. */
  const nextNew = () => {
    if (admitted >= admitLimit) return undefined
    for (let next = queue.shift(); next !== undefined; next = queue.shift())
      if (!next.signal?.aborted) return next
    return undefined
  }

  // A slot is free: hand it straight on (so a newcomer cannot overtake the queue), or keep it free.
  const free = () => {
    const back = returning.shift()
    if (back !== undefined) return back()
    const next = nextNew()
    if (next === undefined) {
      active--
      return
    }
    admitted++
    next.start()
  }

  /** A render finished while waiting upstream (its slot already given): admit one if a slot is free. */
  const admitIfFree = () => {
    if (active >= limit) return
    const next = nextNew()
    if (next === undefined) return
    active++
    admitted++
    next.start()
  }

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (active < limit && admitted < admitLimit) {
      active++
      admitted++
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = { start: resolve, signal }
      queue.push(waiter)
      signal?.addEventListener(
        'abort',
        () => {
          const i = queue.indexOf(waiter)
          if (i !== -1) queue.splice(i, 1)
          reject(signal.reason)
        },
        { once: true },
      )
    })
  }

  const take = (): Promise<void> => {
    if (active < limit) {
      active++
      return Promise.resolve()
    }
    return new Promise<void>((resolve) => returning.push(resolve))
  }

  return {
    async run(work, signal) {
      await acquire(signal)
      const turn: Turn = { held: true, done: false, give: free, take }
      try {
        return await runInTurn(turn, work)
      } finally {
        // An upstream answer arriving after the render ended (a fetch nobody awaited) takes no slot.
        turn.done = true
        admitted--
        if (turn.held) free()
        else admitIfFree()
      }
    },
    get active() {
      return active
    },
    get waiting() {
      return queue.length + returning.length
    },
  }
}

/** The same slots, each render's time (from its slot to its result) told to the metrics. */
export function timedRenders(slots: RenderSlots, observer: AppObserver | undefined): RenderSlots {
  if (!observer) return slots
  return {
    run: (work, signal) =>
      slots.run(() => {
        const began = performance.now()
        return work().finally(() => observer.render((performance.now() - began) / 1000))
      }, signal),
    get active() {
      return slots.active
    },
    get waiting() {
      return slots.waiting
    },
  }
}
