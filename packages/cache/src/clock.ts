import type { Clock } from './types.js'

/** The real time source. Everything else receives a Clock so tests can move time by hand. */
export const systemClock: Clock = { now: () => Date.now() }

export interface ManualClock extends Clock {
  set(ms: number): void
  advance(ms: number): void
}

/** A clock that only moves when told to (tests, benchmarks, simulations). */
export function createManualClock(start = 1_700_000_000_000): ManualClock {
  let current = start
  return {
    now: () => current,
    set(ms) {
      current = ms
    },
    advance(ms) {
      current += ms
    },
  }
}
