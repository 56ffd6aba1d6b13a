// `fresco start --workers N`, the primary's side: N node:cluster worker processes serve the app on
// one port (node's cluster hands each accepted connection to a worker in turn); the primary serves
// no request. A worker that dies is logged and replaced (after a back-off if it keeps dying
// young); SIGTERM asks every worker to shut down gracefully within the usual bound, then ends any
// straggler. The cache the workers share is the caller's (cli/serve.ts): `onFork` connects each new
// worker to it. See docs/design/server.md, "Workers".
import cluster, { type Worker } from 'node:cluster'
import type { Logger } from '@fresco/cache'

/** Messages between the primary and its workers (besides the cache's own, `fresco:cache`). */
export const WORKER_CHANNEL = 'fresco:worker'

export interface WorkerReady {
  port: number
  buildId: string
}

/** A worker tells the primary it is serving. */
export function reportReady(ready: WorkerReady): void {
  process.send?.({ ch: WORKER_CHANNEL, ready })
}

/** In a worker: `begin` runs when the primary asks for a shutdown, or when the primary is gone. */
export function onPrimaryShutdown(begin: (why: string) => void): void {
  process.on('message', (message: { ch?: unknown; shutdown?: unknown }) => {
    if (message?.ch === WORKER_CHANNEL && message.shutdown === true) begin('shutdown asked by the primary')
  })
  process.on('disconnect', () => begin('the primary process is gone'))
}

export interface SuperviseOptions {
  count: number
  logger: Pick<Logger, 'warn' | 'error'>
  /** Each worker's own graceful bound (config shutdownTimeout); stragglers are killed after it. */
  shutdownTimeoutMs: number
  /** A worker was forked: connect it (the cache host) before it sends anything. */
  onFork(worker: Worker): void
  /** A worker exited. */
  onExit(worker: Worker): void
}

export interface Workers {
  /** Once every worker serves: what the first one reported. Rejects if one exits before that. */
  readonly ready: Promise<WorkerReady>
  /** Graceful: every worker closes (bounded), then the rest are killed. Idempotent. */
  close(): Promise<void>
}

/** A worker that exits within this of its start counts as dying young (restarts back off). */
const YOUNG_MS = 10_000
const MAX_RESTART_DELAY_MS = 30_000
/** Above each worker's own bound: the time to exit after its close resolved. */
const EXIT_MARGIN_MS = 2_000

export function superviseWorkers(options: SuperviseOptions): Workers {
  const { count, logger } = options
  const slots = new Map<Worker, { slot: number; startedAt: number }>()
  const youngDeaths = new Map<number, number>()
  let serving = 0
  let started = false
  let closing: Promise<void> | undefined
  let resolveReady!: (ready: WorkerReady) => void
  let rejectReady!: (error: Error) => void
  const ready = new Promise<WorkerReady>((resolve, reject) => {
    resolveReady = resolve
    rejectReady = reject
  })
  ready.catch(() => {})

  function fork(slot: number): void {
    const worker = cluster.fork({ FRESCO_WORKER: String(slot) })
    slots.set(worker, { slot, startedAt: Date.now() })
    options.onFork(worker)
    worker.on('message', (message: { ch?: unknown; ready?: WorkerReady }) => {
      if (message?.ch !== WORKER_CHANNEL || message.ready === undefined) return
      if (started) {
        logger.warn(`worker ${slot} (pid ${worker.process.pid}) is serving`)
        return
      }
      if (++serving === count) {
        started = true
        resolveReady(message.ready)
      }
    })
  }

  cluster.on('exit', (worker, code, signal) => {
    const info = slots.get(worker)
    if (info === undefined) return
    slots.delete(worker)
    options.onExit(worker)
    if (closing) return
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`
    if (!started) {
      rejectReady(new Error(`[fresco] worker ${info.slot} (pid ${worker.process.pid}) ${how} while starting`))
      return
    }
    const young = Date.now() - info.startedAt < YOUNG_MS
    const deaths = young ? (youngDeaths.get(info.slot) ?? 0) + 1 : 0
    youngDeaths.set(info.slot, deaths)
    const delay = deaths === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** (deaths - 1))
    logger.warn(
      `worker ${info.slot} (pid ${worker.process.pid}) ${how}; starting a new one${delay > 0 ? ` in ${delay / 1000} s (it keeps dying)` : ''}`,
    )
    setTimeout(() => {
      if (!closing) fork(info.slot)
    }, delay).unref()
  })
  // The primary exiting for any reason (a second signal included) takes its workers with it.
  process.on('exit', () => {
    for (const worker of slots.keys()) worker.process.kill('SIGKILL')
  })

  for (let slot = 1; slot <= count; slot++) fork(slot)

  return {
    ready,
    close() {
      closing ??= (async () => {
        const exited = [...slots.keys()].map(
          (worker) => new Promise<void>((resolve) => worker.process.once('exit', () => resolve())),
        )
        for (const worker of slots.keys()) {
          if (worker.isConnected()) worker.send({ ch: WORKER_CHANNEL, shutdown: true })
          else worker.process.kill('SIGTERM')
        }
        let timer: ReturnType<typeof setTimeout> | undefined
        const deadline = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), options.shutdownTimeoutMs + EXIT_MARGIN_MS)
        })
        if ((await Promise.race([Promise.all(exited), deadline])) === 'late') {
          const left = [...slots.entries()].map(([w, i]) => `${i.slot} (pid ${w.process.pid})`)
          logger.warn(`workers ${left.join(', ')} still running after the shutdown bound: killing them`)
          for (const worker of slots.keys()) worker.process.kill('SIGKILL')
          await Promise.all(exited)
        }
        clearTimeout(timer)
      })()
      return closing
    },
  }
}
