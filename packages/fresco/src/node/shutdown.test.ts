import { describe, expect, it } from 'vitest'
import { installShutdown } from './shutdown.js'

const logger = { warn() {}, error() {} }

function lastListener(signal: NodeJS.Signals, before: unknown[]) {
  const added = process.listeners(signal).filter((l) => !before.includes(l))
  expect(added).toHaveLength(1)
  return added[0] as (signal: NodeJS.Signals) => void
}

describe('installShutdown', () => {
  it('closes the server once on SIGTERM, exits 0, and exits 1 on a second signal', async () => {
    const before = process.listeners('SIGTERM')
    let closes = 0
    const exits: number[] = []
    const uninstall = installShutdown(
      {
        close: async () => {
          closes++
        },
      },
      logger,
      (code) => exits.push(code),
    )
    const onSignal = lastListener('SIGTERM', before)
    onSignal('SIGTERM')
    await expect.poll(() => exits).toEqual([0])
    onSignal('SIGINT')
    expect(exits).toEqual([0, 1])
    expect(closes).toBe(1)
    uninstall()
    expect(process.listeners('SIGTERM')).toEqual(before)
  })

  it('exits 1 when the graceful close fails', async () => {
    const before = process.listeners('SIGINT')
    const exits: number[] = []
    const uninstall = installShutdown(
      { close: () => Promise.reject(new Error('flush failed')) },
      logger,
      (c) => exits.push(c),
    )
    lastListener('SIGINT', before)('SIGINT')
    await expect.poll(() => exits).toEqual([1])
    uninstall()
  })
})
