import { describe, expect, it } from 'vitest'
import { unsupportedNextImportError } from '../../errors.js'
import { logRenderError } from './log-render-error.js'

function recorder() {
  const calls: unknown[][] = []
  const logger = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => void calls.push(args) }
  return { logger, calls }
}

describe('logRenderError', () => {
  it("logs Fresco's own error as its one message, also as the plain Error copy Vite's module runner makes", () => {
    const own = unsupportedNextImportError('next/amp', 'app/amp.tsx', ['next/link'])
    const copy = Object.assign(new Error(own.message), {
      name: 'FrescoError',
      plugin: 'vite:import-analysis',
    })
    for (const error of [own, copy]) {
      const { logger, calls } = recorder()
      logRenderError(logger, '/', error)
      expect(calls).toEqual([['Error rendering /:', own.message]])
      expect(own.message).toMatch(
        /^\[fresco\] app\/amp\.tsx imports 'next\/amp', which Fresco does not provide/,
      )
    }
  })

  it('logs any other error whole, with its stack', () => {
    const { logger, calls } = recorder()
    const error = new Error('database unreachable')
    logRenderError(logger, '/blog/1', error)
    expect(calls).toEqual([['Error rendering /blog/1:', error]])
  })
})
