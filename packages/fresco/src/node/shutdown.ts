// Graceful shutdown: stop accepting, let in-flight responses finish (bounded), close idle
// keep-alive sockets, then let the app flush regenerations and cache writes.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Logger } from '@fresco/cache'

/** One line per request still running, oldest first ("GET /slow (12.3 s)"), at most `max`. */
export function describeRequests(started: Map<IncomingMessage, number>, now: number, max = 10): string {
  const lines = [...started].slice(0, max).map(([req, at]) => {
    const path = (req.url ?? '/').slice(0, 200)
    return `${req.method} ${path} (${((now - at) / 1000).toFixed(1)} s)`
  })
  const more = started.size - lines.length
  return lines.join(', ') + (more > 0 ? ` and ${more} more` : '')
}

/** Tracks in-flight requests (and when each started) so close() can wait for them and name them. */
export function createInflight(server: Server) {
  const started = new Map<IncomingMessage, number>()
  let closing = false
  let onIdle: (() => void) | undefined
  const closeIdleSoon = () => setImmediate(() => server.closeIdleConnections())
  return {
    get closing() {
      return closing
    },
    get count() {
      return started.size
    },
    /** "GET /slow (12.3 s), …" for the shutdown log. */
    describe(now = Date.now()): string {
      return describeRequests(started, now)
    },
    enter(req: IncomingMessage, res: ServerResponse) {
      started.set(req, Date.now())
      // Responses that start after close() end their connection instead of keeping it alive.
      if (closing) res.shouldKeepAlive = false
    },
    leave(req: IncomingMessage, res: ServerResponse) {
      started.delete(req)
      if (!closing) return
      // Its socket only becomes idle once the response has been flushed.
      if (res.writableFinished) closeIdleSoon()
      else res.once('close', closeIdleSoon)
      if (started.size === 0) onIdle?.()
    },
    /** Resolves when nothing is in flight, or after `timeoutMs`; returns whether it drained. */
    drain(timeoutMs: number): Promise<boolean> {
      closing = true
      if (started.size === 0) return Promise.resolve(true)
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs)
        onIdle = () => {
          clearTimeout(timer)
          resolve(true)
        }
      })
    },
  }
}

/** Resolves with whether `work` settled within `timeoutMs` (its failure is the caller's to see). */
export function settlesWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), timeoutMs)
    work.then(
      () => {
        clearTimeout(timer)
        resolve(true)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/** Waits for server.close()'s callback (all sockets gone), forcing them shut after `timeoutMs`. */
export function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs)
    server.close(() => {
      clearTimeout(timer)
      resolve()
    })
    server.closeIdleConnections()
  })
}

/**
 * The graceful close of a server, started at most once: `begin(why)` logs why, closes, then exits 0
 * (1 if the close failed). Returns false when the close had already begun.
 */
export function gracefulShutdown(
  server: { close(): Promise<void> },
  logger: Pick<Logger, 'warn' | 'error'>,
  exit: (code: number) => void = (code) => process.exit(code),
): (why: string) => boolean {
  let begun = false
  return (why) => {
    if (begun) return false
    begun = true
    logger.warn(`${why}: finishing in-flight requests and cache writes`)
    server.close().then(
      () => exit(0),
      (error) => {
        logger.error('graceful shutdown failed', error)
        exit(1)
      },
    )
    return true
  }
}

/**
 * SIGTERM / SIGINT → `begin` (a graceful close); a second signal exits at once. Returns a function
 * that removes the handlers.
 */
export function onShutdownSignals(
  begin: (why: string) => boolean,
  logger: Pick<Logger, 'warn'>,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (begin(`${signal} received`)) return
    logger.warn(`${signal} again: exiting without waiting for in-flight work`)
    exit(1)
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  return () => {
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
  }
}

/**
 * SIGTERM / SIGINT → graceful close, then exit. A second signal exits at once. For the CLI:
 * `installShutdown(await startServer(…), logger)`. Returns a function that removes the handlers.
 */
export function installShutdown(
  server: { close(): Promise<void> },
  logger: Pick<Logger, 'warn' | 'error'>,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  return onShutdownSignals(gracefulShutdown(server, logger, exit), logger, exit)
}
