import { describe, expect, it } from 'vitest'
import { createPrefetchQueue } from './prefetch-queue.js'

function deferred() {
  let resolve: () => void = () => {}
  let reject: (e: Error) => void = () => {}
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('prefetch queue', () => {
  it('runs at most `concurrency` at once, the latest request first', async () => {
    const queue = createPrefetchQueue({ concurrency: 2, now: () => 0 })
    const started: string[] = []
    const gates = new Map<string, ReturnType<typeof deferred>>()
    const task = (key: string) => () => {
      started.push(key)
      const d = deferred()
      gates.set(key, d)
      return d.promise
    }
    for (const k of ['a', 'b', 'c', 'd']) queue.add(k, task(k))
    expect(started).toEqual(['a', 'b'])
    gates.get('a')?.resolve()
    await Promise.resolve()
    await new Promise((r) => setTimeout(r, 0))
    expect(started).toEqual(['a', 'b', 'd'])
    gates.get('b')?.resolve()
    gates.get('d')?.resolve()
    await new Promise((r) => setTimeout(r, 0))
    gates.get('c')?.resolve()
    await queue.idle()
    expect(started).toEqual(['a', 'b', 'd', 'c'])
  })

  it('takes one request per URL while it is queued or running', () => {
    const queue = createPrefetchQueue({ concurrency: 1, now: () => 0 })
    const never = () => new Promise<void>(() => {})
    expect(queue.add('a', never)).toBe(true)
    expect(queue.add('a', never)).toBe(false)
    expect(queue.has('a')).toBe(true)
  })

  it('backs off exponentially after failures, and forgives', async () => {
    let t = 0
    const queue = createPrefetchQueue({ now: () => t, backoffMs: 1000, maxBackoffMs: 3000 })
    const fail = () => Promise.reject(new Error('offline'))
    queue.add('a', fail)
    await queue.idle()
    await new Promise((r) => setTimeout(r, 0))
    expect(queue.add('a', fail)).toBe(false) // within 1 s
    t = 1000
    expect(queue.add('a', fail)).toBe(true)
    await queue.idle()
    await new Promise((r) => setTimeout(r, 0))
    t = 2999
    expect(queue.add('a', fail)).toBe(false) // second failure: 2 s
    t = 3000
    queue.forgive('a')
    expect(queue.add('a', () => Promise.resolve())).toBe(true)
  })
})
