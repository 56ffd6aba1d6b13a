// One in-flight regeneration per key. Release is identity-checked: a flight that finishes after
// a newer one replaced it never removes the newer one (the bug that makes "exactly once" leak).

export interface SingleFlight<F extends object> {
  get(key: string): F | undefined
  /** Install `flight` as the current one for `key`, replacing any older one. */
  set(key: string, flight: F): void
  /** Remove `flight` only if it is still the current one. Returns whether it was. */
  release(key: string, flight: F): boolean
  isCurrent(key: string, flight: F): boolean
  readonly size: number
}

export function createSingleFlight<F extends object>(): SingleFlight<F> {
  const current = new Map<string, F>()
  return {
    get: (key) => current.get(key),
    set(key, flight) {
      current.set(key, flight)
    },
    release(key, flight) {
      if (current.get(key) !== flight) return false
      current.delete(key)
      return true
    },
    isCurrent: (key, flight) => current.get(key) === flight,
    get size() {
      return current.size
    },
  }
}
