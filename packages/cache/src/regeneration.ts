// The mechanics around one regenerate() call: a hard timeout with abort, and lease renewal.
import { errors } from './errors.js'
import type { Lease, Logger } from './types.js'

/**
 * Resolve with `work`, or reject with a timeout error after `ms` and abort `controller`, so a hung
 * regeneration (vercel/next.js#36672) never pins its key. The timer never keeps the process alive.
 */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  controller: AbortController,
  key: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = errors.regenerationTimeout(key, ms)
      controller.abort(error)
      reject(error)
    }, ms)
    timer.unref?.()
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/** Renew `lease` every ttl/2 while a long regeneration runs. Returns the function that stops it. */
export function keepLeaseAlive(lease: Lease, ttlMs: number, logger: Logger): () => void {
  let lost = false
  const timer = setInterval(
    () => {
      lease.renew(ttlMs).then(
        (ok) => {
          if (!ok && !lost) {
            lost = true
            logger.warn(`lease on ${lease.key} was lost during regeneration; another instance may render too`)
          }
        },
        (error: unknown) => logger.warn(`could not renew the lease on ${lease.key}: ${String(error)}`),
      )
    },
    Math.max(1, Math.floor(ttlMs / 2)),
  )
  timer.unref?.()
  return () => clearInterval(timer)
}
