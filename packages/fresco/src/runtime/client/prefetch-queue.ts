// Prefetches run through one queue: at most `concurrency` at a time (a page with 200 links must
// not open 200 requests), one per URL, most recently asked first (a hover jumps the line), and a
// URL whose prefetch failed waits out an exponential back-off before it is tried again.

export interface PrefetchQueueOptions {
  concurrency?: number
  now: () => number
  /** First back-off after a failure, doubled per consecutive failure up to `maxBackoffMs`. */
  backoffMs?: number
  maxBackoffMs?: number
}

export interface PrefetchQueue {
  /** Queue `run` for `key` unless it is queued, running or backing off. Returns whether it was taken. */
  add(key: string, run: () => Promise<void>): boolean
  /** Whether `key` is queued or running. */
  has(key: string): boolean
  /** Forget failures (e.g. after a successful navigation to the URL). */
  forgive(key: string): void
  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void>
}

export function createPrefetchQueue(opts: PrefetchQueueOptions): PrefetchQueue {
  const concurrency = opts.concurrency ?? 4
  const base = opts.backoffMs ?? 1000
  const max = opts.maxBackoffMs ?? 5 * 60_000
  const waiting: { key: string; run: () => Promise<void> }[] = []
  const running = new Set<string>()
  const failures = new Map<string, { count: number; until: number }>()
  let idleWaiters: (() => void)[] = []

  const settle = () => {
    if (waiting.length === 0 && running.size === 0) {
      for (const resolve of idleWaiters) resolve()
      idleWaiters = []
    }
  }
  const pump = () => {
    while (running.size < concurrency) {
      const next = waiting.pop() // LIFO: the latest request is the likeliest next click
      if (!next) break
      running.add(next.key)
      next
        .run()
        .then(
          () => failures.delete(next.key),
          () => {
            const count = (failures.get(next.key)?.count ?? 0) + 1
            failures.set(next.key, { count, until: opts.now() + Math.min(max, base * 2 ** (count - 1)) })
          },
        )
        .finally(() => {
          running.delete(next.key)
          pump()
          settle()
        })
    }
  }

  return {
    add(key, run) {
      if (running.has(key)) return false
      const failed = failures.get(key)
      if (failed && opts.now() < failed.until) return false
      const at = waiting.findIndex((w) => w.key === key)
      if (at !== -1) waiting.splice(at, 1) // move to the front of the line
      waiting.push({ key, run })
      pump()
      return true
    },
    has: (key) => running.has(key) || waiting.some((w) => w.key === key),
    forgive: (key) => void failures.delete(key),
    idle() {
      if (waiting.length === 0 && running.size === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
  }
}
