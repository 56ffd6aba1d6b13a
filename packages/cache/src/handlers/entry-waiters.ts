// Who waits for an entry another process is rendering (CacheHandler.waitForEntry), shared by the
// Redis and the IPC handler: a waiter is woken by a notice that the key was written, or when no
// notice can arrive any more (connection lost), or after its timeout, whichever comes first.

export interface EntryWaiters {
  /** Resolves when `wake(key)` or `wakeAll()` is called, or after `timeoutMs`. */
  wait(key: string, timeoutMs: number): Promise<void>
  wake(key: string): void
  /** No notice can arrive (the link to the other processes is down): everybody re-checks now. */
  wakeAll(): void
}

export function createEntryWaiters(): EntryWaiters {
  const waiters = new Map<string, Set<() => void>>()

  function wake(key: string): void {
    const set = waiters.get(key)
    if (!set) return
    waiters.delete(key)
    for (const resolve of set) resolve()
  }

  return {
    wait(key, timeoutMs) {
      return new Promise<void>((resolve) => {
        const set = waiters.get(key) ?? new Set()
        waiters.set(key, set)
        const done = () => {
          clearTimeout(timer)
          set.delete(done)
          if (set.size === 0 && waiters.get(key) === set) waiters.delete(key)
          resolve()
        }
        const timer = setTimeout(done, timeoutMs)
        timer.unref() // a waiter abandoned by its caller must not keep the process alive
        set.add(done)
      })
    },
    wake,
    wakeAll() {
      for (const key of [...waiters.keys()]) wake(key)
    },
  }
}
