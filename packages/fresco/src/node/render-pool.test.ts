// The render pool with real worker threads running a small script that speaks the pool's protocol
// (render-worker.ts is the real one; e2e/tests/render-pool.test.ts runs it on a built app). Threads
// start with the pool, a crashed or hung thread fails its render only and is replaced, and the pool's cache
// owner answers a thread's cache calls from the host's handler.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createMemoryHandler, systemClock } from '@fresco/cache'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { resolveConfig } from '../config/resolve.js'
import type { PooledRenderJob } from '../runtime/server/render-pool.js'
import { createRenderPool, type RenderPoolOptions } from './render-pool.js'

// pathname decides: '/ok' answers an entry whose body names the thread, '/crash' throws outside the
// render, '/spin' holds the loop, '/fail' rejects, '/cached' reads key 'k' through the cache owner.
const SCRIPT = `
import { parentPort, threadId, workerData } from 'node:worker_threads'
const cache = workerData.cachePort
const pending = new Map()
let ids = 0
cache.on('message', (batch) => { for (const m of batch) pending.get(m.id)?.(m) })
const get = (key) => new Promise((resolve) => { const id = ++ids; pending.set(id, resolve); cache.postMessage([{ id, op: 'get', key }]) })
if (workerData.serverEntry === 'broken') {
  parentPort.postMessage({ type: 'start-failed', error: { name: 'Error', message: 'cannot import the bundle' } })
  process.exit(1)
}
parentPort.postMessage({ type: 'ready' })
parentPort.on('message', async (m) => {
  if (m.type === 'ping') return parentPort.postMessage({ type: 'pong' })
  if (m.type === 'close') return process.exit(0)
  if (m.type !== 'job') return
  const { id, job } = m
  const answer = (text) => {
    const body = new TextEncoder().encode(text)
    const result = { kind: 'page', body, status: 200, headers: {}, tags: [], lastModified: 1, revalidate: 60 }
    parentPort.postMessage({ type: 'done', id, result }, [body.buffer])
  }
  if (job.pathname === '/ok') answer('thread ' + threadId)
  if (job.pathname === '/fail') parentPort.postMessage({ type: 'failed', id, error: { name: 'Error', message: 'page threw' } })
  if (job.pathname === '/crash') setTimeout(() => { throw new Error('uncaught in a page') })
  if (job.pathname === '/spin') for (;;) {}
  if (job.pathname === '/cached') {
    const reply = await get('k')
    answer(new TextDecoder().decode(reply.value.body))
  }
})
`

const dir = mkdtempSync(join(tmpdir(), 'fresco-render-pool-test-'))
const script = pathToFileURL(join(dir, 'worker.mjs'))
writeFileSync(script, SCRIPT)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const job = (pathname: string): PooledRenderJob => ({
  router: 'app',
  routeId: '/[x]',
  pathname,
  params: {},
  implicitTags: [],
})
const text = (entry: { body: Uint8Array }) => new TextDecoder().decode(entry.body)
const never = () => new AbortController().signal

function pool(over: Partial<RenderPoolOptions> = {}) {
  const handler = createMemoryHandler({ maxBytes: 1 << 20 })
  const logger = { warn: vi.fn(), error: vi.fn() }
  const made = createRenderPool({
    size: 1,
    serverEntry: 'unused',
    instrumentationEntry: 'unused',
    config: resolveConfig({}),
    host: { handler, clock: systemClock, revalidateTags: (tags) => handler.updateTags(tags) },
    logger,
    script,
    hangMs: 300,
    ...over,
  })
  return { pool: made, handler, logger }
}

describe('render pool', () => {
  it('renders in the thread started with the pool, and reuses it', async () => {
    const { pool: p } = pool()
    const first = text(await p.render(job('/ok'), never()))
    expect(first).toMatch(/^thread \d+$/)
    expect(text(await p.render(job('/ok'), never()))).toBe(first)
    await p.close()
  })

  it("a thread reads the host's cache through the owner", async () => {
    const { pool: p, handler } = pool()
    const body = new TextEncoder().encode('from the main cache')
    await handler.set('k', {
      kind: 'fetch',
      body,
      status: 200,
      headers: {},
      tags: [],
      lastModified: 1,
      revalidate: 60,
    })
    expect(text(await p.render(job('/cached'), never()))).toBe('from the main cache')
    await p.close()
  })

  it('a render that fails rejects with its error and leaves the thread serving', async () => {
    const { pool: p } = pool()
    const before = text(await p.render(job('/ok'), never()))
    await expect(p.render(job('/fail'), never())).rejects.toThrow('page threw')
    expect(text(await p.render(job('/ok'), never()))).toBe(before)
    await p.close()
  })

  it('a thread that crashes fails its render, is logged, and the next render gets a new thread', async () => {
    const { pool: p, logger } = pool()
    const before = text(await p.render(job('/ok'), never()))
    await expect(p.render(job('/crash'), never())).rejects.toThrow(
      'the render thread rendering this page ended',
    )
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('while rendering /crash'))
    const after = text(await p.render(job('/ok'), never()))
    expect(after).toMatch(/^thread \d+$/)
    expect(after).not.toBe(before)
    await p.close()
  })

  it('a thread held by synchronous work past its render timeout is ended and replaced', async () => {
    const { pool: p, logger } = pool()
    await p.render(job('/ok'), never()) // the thread is up: the spin job is sent at once
    const timeout = new AbortController()
    const spinning = p.render(job('/spin'), timeout.signal)
    await new Promise((resolve) => setTimeout(resolve, 50))
    timeout.abort(new Error('timed out'))
    await expect(spinning).rejects.toThrow('timed out')
    await vi.waitFor(() =>
      expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('did not answer')),
    )
    expect(text(await p.render(job('/ok'), never()))).toMatch(/^thread \d+$/)
    await p.close()
  })

  it('a thread that cannot load the bundle fails renders without starting one per request', async () => {
    const { pool: p, logger } = pool({ serverEntry: 'broken', startRetryMs: 60_000 })
    await expect(p.render(job('/ok'), never())).rejects.toThrow('cannot import the bundle')
    await expect(p.render(job('/ok'), never())).rejects.toThrow('cannot import the bundle')
    expect(logger.error).toHaveBeenCalledTimes(1)
    await p.close()
  })

  it('refuses renders once closed', async () => {
    const { pool: p } = pool()
    await p.render(job('/ok'), never())
    await p.close()
    await expect(p.render(job('/ok'), never())).rejects.toThrow('shutting down')
  })
})
