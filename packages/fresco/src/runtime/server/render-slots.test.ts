import { describe, expect, it } from 'vitest'
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
})
