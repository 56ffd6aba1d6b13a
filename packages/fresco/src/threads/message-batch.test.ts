import { MessageChannel } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { batchPort } from './message-batch.js'

describe('batchPort', () => {
  it('sends what one loop turn queued as one message and delivers it in order', async () => {
    const { port1, port2 } = new MessageChannel()
    const raw: unknown[] = []
    port2.on('message', (m) => raw.push(m))
    const sender = batchPort<number, never>(port1)
    for (let i = 0; i < 5; i++) sender.send(i)
    await new Promise((resolve) => setTimeout(resolve, 20))
    sender.send(5)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(raw).toEqual([[0, 1, 2, 3, 4], [5]])
    port1.close()
  })

  it('unpacks every batch for its listener, and flush() sends at once', async () => {
    const { port1, port2 } = new MessageChannel()
    const received: string[] = []
    batchPort<never, string>(port2).onMessage((m) => received.push(m))
    const sender = batchPort<string, never>(port1)
    sender.send('a')
    sender.send('b')
    sender.flush()
    sender.send('c')
    sender.close() // flushes 'c' before closing
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(received).toEqual(['a', 'b', 'c'])
  })
})
