import { describe, expect, it } from 'vitest'
import { awaitUpstream, UPSTREAM_HOLD_MS } from '../data/upstream-wait.js'
import { createRenderSlots } from './render-slots.js'

const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}
const tick = () => new Promise((r) => setImmediate(r))

describe('render slots', () => {
  it('runs at most `limit` renders at once and starts the rest in arrival order', async () => {
    const slots = createRenderSlots(2)
    const started: number[] = []
    const gates = Array.from({ length: 5 }, deferred)
    const runs = gates.map((gate, i) =>
      slots.run(async () => {
        started.push(i)
        await gate.promise
        return i
      }),
    )
    await tick()
    expect(started).toEqual([0, 1])
    expect([slots.active, slots.waiting]).toEqual([2, 3])
    gates[1]?.resolve()
    await tick()
    expect(started).toEqual([0, 1, 2])
    for (const gate of gates) gate.resolve()
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4])
    expect([slots.active, slots.waiting]).toEqual([0, 0])
  })

  it('frees the slot when a render throws', async () => {
    const slots = createRenderSlots(1)
    await expect(slots.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await slots.run(async () => 'next')).toBe('next')
    expect(slots.active).toBe(0)
  })

  it('drops a waiting render whose client went away, without running it', async () => {
    const slots = createRenderSlots(1)
    const gate = deferred()
    const first = slots.run(() => gate.promise)
    const controller = new AbortController()
    let ran = false
    const gone = slots.run(async () => {
      ran = true
    }, controller.signal)
    const third = slots.run(async () => 'third')
    controller.abort(new Error('client gone'))
    await expect(gone).rejects.toThrow('client gone')
    gate.resolve()
    await first
    expect(await third).toBe('third')
    expect(ran).toBe(false)
    expect([slots.active, slots.waiting]).toEqual([0, 0])
  })

  it('a render waiting on a slow upstream gives its slot to the next render, then finishes first', async () => {
    const slots = createRenderSlots(1)
    const upstream = deferred()
    const order: string[] = []
    const slow = slots.run(async () => {
      await awaitUpstream(() => upstream.promise)
      order.push('slow')
    })
    const gate = deferred()
    const other = slots.run(async () => {
      order.push('other started')
      await gate.promise
      order.push('other')
    })
    const newcomer = slots.run(async () => {
      order.push('newcomer')
    })
    // The upstream hangs past the hold time: the next render in line gets the slot meanwhile.
    await expect.poll(() => order).toEqual(['other started'])
    upstream.resolve() // the answer arrives while `other` holds the only slot: `slow` waits for it …
    await tick()
    expect(order).toEqual(['other started'])
    gate.resolve() // … and goes before the newcomer, which queued earlier
    await Promise.all([slow, other, newcomer])
    expect(order).toEqual(['other started', 'other', 'slow', 'newcomer'])
    expect([slots.active, slots.waiting]).toEqual([0, 0])
  })

  it('an upstream that answers within the hold time keeps the slot: renders stay in order', async () => {
    const slots = createRenderSlots(1)
    const order: string[] = []
    const first = slots.run(async () => {
      await awaitUpstream(() => new Promise((r) => setTimeout(r, 1)))
      order.push('first')
    })
    const second = slots.run(async () => {
      order.push('second')
    })
    await Promise.all([first, second])
    expect(order).toEqual(['first', 'second'])
    expect(UPSTREAM_HOLD_MS).toBeGreaterThan(1)
  })

  it('admits at most admitLimit renders while they wait upstream', async () => {
    const slots = createRenderSlots(1, 2)
    const upstreams = [deferred(), deferred()]
    const started: number[] = []
    const waiting = upstreams.map((u, i) =>
      slots.run(async () => {
        started.push(i)
        await awaitUpstream(() => u.promise)
      }),
    )
    const third = slots.run(async () => {
      started.push(2)
    })
    await expect.poll(() => slots.active).toBe(0) // both gave their slot away …
    expect(started).toEqual([0, 1]) // … but a third render is not admitted beside them
    upstreams[0]?.resolve()
    await waiting[0]
    await third
    expect(started).toEqual([0, 1, 2])
    upstreams[1]?.resolve()
    await waiting[1]
    expect([slots.active, slots.waiting]).toEqual([0, 0])
  })

  it('a fetch nobody awaited, answering after its render ended, takes no slot', async () => {
    const slots = createRenderSlots(1)
    const upstream = deferred()
    let dangling: Promise<unknown> | undefined
    await slots.run(async () => {
      dangling = awaitUpstream(() => upstream.promise)
      await new Promise((r) => setTimeout(r, UPSTREAM_HOLD_MS * 2))
    })
    upstream.resolve()
    await dangling
    expect([slots.active, slots.waiting]).toEqual([0, 0])
    expect(await slots.run(async () => 'next')).toBe('next')
  })

  it('outside a render, awaitUpstream is the request itself', async () => {
    expect(await awaitUpstream(async () => 'data')).toBe('data')
  })
})
