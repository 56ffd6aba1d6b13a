// At most `limit` renders run at once; the others wait their turn in arrival order. Renders that
// all run together share the CPU and all finish late (200 concurrent 12 ms renders on one core:
// every one takes ~2.5 s); taken in turn, each finishes in about its own time plus the queue ahead,
// and HITs — answered synchronously, never queued — only ever wait behind `limit` renders' work.
// A waiting request whose client went away is dropped before it renders.
import type { AppObserver } from './app-observer.js'

export interface RenderSlots {
  /** Runs `work` when a slot is free (rejects with the signal's reason if it aborts first). */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>
  /** Renders running and waiting, for logs and tests. */
  readonly active: number
  readonly waiting: number
}

export function createRenderSlots(limit: number): RenderSlots {
  let active = 0
  const queue: { start: () => void; signal?: AbortSignal }[] = []

  const release = () => {
    // Hand the slot straight to the next live waiter, so a newcomer cannot overtake the queue.
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (next.signal?.aborted) continue
      next.start()
      return
    }
    active--
  }

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (active < limit) {
      active++
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

  return {
    async run(work, signal) {
      await acquire(signal)
      try {
        return await work()
      } finally {
        release()
      }
    },
    get active() {
      return active
    },
    get waiting() {
      return queue.length
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
