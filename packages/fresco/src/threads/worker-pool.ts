// A fixed set of worker threads that run jobs: each job goes to the live worker with the fewest jobs
// in flight (the caller bounds how many are in flight in all). A worker that throws outside a job,
// exits, or stops with jobs unfinished fails those jobs, and every later one, with an error naming
// what it was rendering: the build never ends "successfully" with part of its output missing.
// The protocol (both sides): the worker posts `ready` (or `start-failed`) once, then one `done` or
// `failed` per `job`; on `close` it finishes, writes what it holds and ends.
import type { Worker } from 'node:worker_threads'
import { buildStalledError, prerenderWorkerExitedError, prerenderWorkerStartError } from '../errors.js'

export type ToWorker<Job> = { type: 'job'; id: number; job: Job } | { type: 'close' }

export type FromWorker<Result> =
  | { type: 'ready' }
  | { type: 'start-failed'; error: SerializedError }
  | { type: 'done'; id: number; result: Result }
  | { type: 'failed'; id: number; error: SerializedError }
  /** Sent as the worker's loop drains with renders unfinished: the jobs it had started. */
  | { type: 'stalled'; ids: number[] }

/** An Error as it crosses a port: the structured clone keeps name, message and stack, not `code`. */
export interface SerializedError {
  name: string
  message: string
  stack?: string
  code?: string
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const code = (error as { code?: unknown }).code
  return {
    name: error.name,
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  }
}

export function reviveError(s: SerializedError): Error {
  const error = new Error(s.message) as Error & { code?: string }
  error.name = s.name
  if (s.stack) error.stack = s.stack
  if (s.code) error.code = s.code
  return error
}

export interface WorkerPoolOptions<Job> {
  size: number
  /** Starts worker number `index` (0-based). */
  spawn(index: number): Worker
  /** Names a job in errors (the path and its file). */
  describe(job: Job): string
}

export interface WorkerPool<Job, Result> {
  /** Resolves when every worker is ready for jobs; rejects if one could not start. */
  ready: Promise<void>
  run(job: Job): Promise<Result>
  /** Let every worker finish its writes and end. */
  close(): Promise<void>
  /** End every worker now (after a failure). */
  terminate(): Promise<void>
}

interface Pending<Job, Result> {
  job: Job
  resolve(result: Result): void
  reject(error: unknown): void
}

interface Slot<Job, Result> {
  worker: Worker
  jobs: Map<number, Pending<Job, Result>>
  alive: boolean
  exited: Promise<void>
}

export function createWorkerPool<Job, Result>(opts: WorkerPoolOptions<Job>): WorkerPool<Job, Result> {
  let ids = 0
  let closing = false
  let failure: Error | undefined
  const starts: Promise<void>[] = []

  const fail = (slot: Slot<Job, Result>, error: Error) => {
    failure ??= error
    for (const pending of slot.jobs.values()) pending.reject(error)
    slot.jobs.clear()
  }

  const slots = Array.from({ length: opts.size }, (_, index): Slot<Job, Result> => {
    const worker = opts.spawn(index)
    const slot: Slot<Job, Result> = { worker, jobs: new Map(), alive: true, exited: Promise.resolve() }
    let thrown: unknown
    let started = false
    let stalled: number[] | undefined
    starts.push(
      new Promise<void>((resolve, reject) => {
        worker.on('message', (message: FromWorker<Result>) => {
          if (message.type === 'ready') {
            started = true
            resolve()
          } else if (message.type === 'start-failed') {
            reject(prerenderWorkerStartError(reviveError(message.error)))
          } else if (message.type === 'stalled') {
            stalled = message.ids
          } else {
            const pending = slot.jobs.get(message.id)
            if (pending === undefined) return
            slot.jobs.delete(message.id)
            if (message.type === 'done') pending.resolve(message.result)
            else pending.reject(reviveError(message.error))
          }
        })
        worker.on('error', (error) => {
          thrown = error // 'exit' follows and reports it with the jobs it cut short
        })
        slot.exited = new Promise((exited) => {
          worker.on('exit', (code) => {
            slot.alive = false
            // A stalled worker names the renders it had started, not the jobs still queued for it.
            const named = stalled?.filter((id) => slot.jobs.has(id)) ?? [...slot.jobs.keys()]
            const rendering = named.map((id) => opts.describe(slot.jobs.get(id)!.job))
            if (!started) reject(prerenderWorkerStartError(thrown ?? `exit code ${code}`))
            else if (!closing || slot.jobs.size > 0) {
              // Code 0 with nothing thrown: its loop drained while renders waited (see prerender-worker.ts).
              const stalled = code === 0 && thrown === undefined && rendering.length > 0
              fail(
                slot,
                stalled
                  ? buildStalledError(`prerendering ${rendering.join(', ')} in a prerender worker`)
                  : prerenderWorkerExitedError(rendering, code, thrown),
              )
            }
            exited()
          })
        })
      }),
    )
    return slot
  })

  const ready = Promise.all(starts).then(() => {})
  ready.catch(() => {}) // also surfaced through run()

  return {
    ready,
    async run(job) {
      await ready
      if (failure) throw failure
      let best: Slot<Job, Result> | undefined
      for (const slot of slots)
        if (slot.alive && (best === undefined || slot.jobs.size < best.jobs.size)) best = slot
      if (best === undefined) throw failure ?? prerenderWorkerExitedError([opts.describe(job)], 0)
      const id = ++ids
      const target = best
      return new Promise<Result>((resolve, reject) => {
        target.jobs.set(id, { job, resolve, reject })
        target.worker.postMessage({ type: 'job', id, job } satisfies ToWorker<Job>)
      })
    },
    async close() {
      closing = true
      for (const slot of slots)
        if (slot.alive) slot.worker.postMessage({ type: 'close' } satisfies ToWorker<Job>)
      await Promise.all(slots.map((s) => s.exited))
      if (failure) throw failure
    },
    async terminate() {
      closing = true
      await Promise.all(slots.map((s) => s.worker.terminate()))
    },
  }
}
