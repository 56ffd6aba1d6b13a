// How long a request holding a last good entry waits for a blocking regeneration (docs/design/cache.md,
// "Bounded wait"; DESIGN.md invariant 11). A hanging data source must not hold every request for the
// regeneration timeout: each flight gets one patience timer, armed by its first bounded waiter; once it
// fires the flight is overdue and later requests get the last good entry at once, while the flight
// itself runs on under its own timeout.

/** What a bounded wait resolves to when the flight did not settle in time. */
export const OVERDUE: unique symbol = Symbol('overdue')

export interface Patience {
  /** True once the bound has passed for this flight: answer with the last good entry at once. */
  overdue: boolean
  /** Settles with OVERDUE when the bound passes (shared by every waiter of the flight). */
  timer?: Promise<typeof OVERDUE>
  cancel?: () => void
  /** The overdue answer has been logged (once per flight). */
  reported?: boolean
}

/**
 * `promise`'s value, or OVERDUE once `waitMs` has passed since the first bounded waiter of this
 * flight arrived (`patience` is per flight). The timer never keeps the process alive.
 */
export function waitWithin<T>(
  promise: Promise<T>,
  patience: Patience,
  waitMs: number,
): Promise<T | typeof OVERDUE> {
  if (patience.overdue || waitMs <= 0) {
    patience.overdue = true
    return Promise.resolve(OVERDUE)
  }
  if (patience.timer === undefined) {
    patience.timer = new Promise((resolve) => {
      const timer = setTimeout(() => {
        patience.overdue = true
        resolve(OVERDUE)
      }, waitMs)
      timer.unref?.()
      patience.cancel = () => clearTimeout(timer)
    })
  }
  return Promise.race([promise, patience.timer])
}
