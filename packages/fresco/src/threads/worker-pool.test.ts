// The pool with real worker threads, each running a small script that speaks the pool's protocol
// (prerender-worker.ts is the real one): jobs are spread and answered; a worker that dies or stalls
// fails the jobs it held, naming them.
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { createWorkerPool } from './worker-pool.js'

// job = { path, action }: 'echo' answers the thread id, 'throw' fails the job, 'crash' throws outside
// any job, 'exit' ends the thread, 'hang' awaits a promise nothing settles (the port is unref'd
// while it runs, as in prerender-worker.ts).
const SCRIPT = `
const { parentPort, threadId, workerData } = require('node:worker_threads')
if (workerData.failStart) {
  parentPort.postMessage({ type: 'start-failed', error: { name: 'Error', message: 'cannot import the bundle' } })
  parentPort.close()
} else {
  parentPort.postMessage({ type: 'ready' })
  parentPort.on('message', (m) => {
    if (m.type === 'close') return parentPort.close()
    const { id, job } = m
    if (job.action === 'echo') setTimeout(() => parentPort.postMessage({ type: 'done', id, result: threadId }), 5)
    if (job.action === 'throw') parentPort.postMessage({ type: 'failed', id, error: { name: 'Error', message: 'boom in ' + job.path, code: 'X' } })
    if (job.action === 'crash') setTimeout(() => { throw new Error('uncaught in a worker') }, 5)
    if (job.action === 'exit') process.exit(3)
    if (job.action === 'hang') {
      parentPort.unref()
      process.on('beforeExit', () => parentPort.postMessage({ type: 'stalled', ids: [id] }))
      new Promise(() => {})
    }
  })
}
`

interface TestJob {
  path: string
  action: 'echo' | 'throw' | 'crash' | 'exit' | 'hang'
}

const makePool = (size: number, failStart = false) =>
  createWorkerPool<TestJob, number>({
    size,
    spawn: () => new Worker(SCRIPT, { eval: true, workerData: { failStart } }),
    describe: (job) => job.path,
  })

describe('createWorkerPool', () => {
  it('spreads jobs over the workers and answers each', async () => {
    const pool = makePool(2)
    const jobs = Array.from({ length: 8 }, (_, i) => pool.run({ path: `/p/${i}`, action: 'echo' }))
    const threads = await Promise.all(jobs)
    expect(new Set(threads).size).toBe(2)
    await pool.close()
  })

  it("a job's own error reaches its caller with its message and code; the pool goes on", async () => {
    const pool = makePool(2)
    const failed = await pool.run({ path: '/bad', action: 'throw' }).catch((e: unknown) => e)
    expect(failed).toMatchObject({ message: 'boom in /bad', code: 'X' })
    expect(typeof (await pool.run({ path: '/ok', action: 'echo' }))).toBe('number')
    await pool.close()
  })

  it('a worker that throws outside a job fails what it was rendering and every later job', async () => {
    const pool = makePool(2)
    const crash = pool.run({ path: '/crash', action: 'crash' })
    await expect(crash).rejects.toThrow(
      'A prerender worker threw uncaught in a worker while rendering /crash; the build is incomplete.',
    )
    // The other worker is alive, but the build's output would be incomplete: no more jobs.
    await expect(pool.run({ path: '/later', action: 'echo' })).rejects.toThrow('uncaught in a worker')
    await pool.terminate()
  })

  it('a worker that exits mid-render fails the build naming the path and exit code', async () => {
    const pool = makePool(1)
    await expect(pool.run({ path: '/blog/7', action: 'exit' })).rejects.toThrow(
      'A prerender worker exited with code 3 while rendering /blog/7; the build is incomplete.',
    )
    await pool.terminate()
  })

  it('a render that can never finish ends its worker, and the build names its path only', async () => {
    const pool = makePool(1)
    const stuck = pool.run({ path: '/stuck', action: 'hang' })
    // Handed to the worker, but it never started: the worker names what it had started.
    const queued = pool.run({ path: '/queued', action: 'ignored' as TestJob['action'] })
    await expect(stuck).rejects.toThrow(
      '[fresco] The build stopped while prerendering /stuck in a prerender worker: it awaited',
    )
    await expect(queued).rejects.toThrow('/stuck in a prerender worker')
    await pool.terminate()
  })

  it('a worker that cannot start rejects ready and every job', async () => {
    const pool = makePool(2, true)
    await expect(pool.ready).rejects.toThrow(
      'A prerender worker could not load the server bundle: cannot import the bundle',
    )
    await expect(pool.run({ path: '/', action: 'echo' })).rejects.toThrow('cannot import the bundle')
    await pool.terminate()
  })
})
