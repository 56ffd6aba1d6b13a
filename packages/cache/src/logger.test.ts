import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from './logger.js'

describe('logger', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  function sink() {
    return { log: vi.fn(), warn: vi.fn(), error: vi.fn() }
  }

  it('prints debug lines only with FRESCO_DEBUG_CACHE=1', () => {
    const quiet = sink()
    vi.stubEnv('FRESCO_DEBUG_CACHE', '')
    const off = createLogger({ sink: quiet })
    off.debug('HIT k')
    expect(off.debugEnabled).toBe(false)
    expect(quiet.log).not.toHaveBeenCalled()

    const loud = sink()
    vi.stubEnv('FRESCO_DEBUG_CACHE', '1')
    const on = createLogger({ sink: loud })
    on.debug('STALE route:abc:/blog/1 (age 61s > revalidate 60s)')
    expect(on.debugEnabled).toBe(true)
    expect(loud.log).toHaveBeenCalledWith('[fresco:cache] STALE route:abc:/blog/1 (age 61s > revalidate 60s)')
  })

  it('always prints warnings and errors, with the error object', () => {
    const out = sink()
    const logger = createLogger({ sink: out, debug: false })
    const error = new Error('x')
    logger.warn('w')
    logger.error('e', error)
    expect(out.warn).toHaveBeenCalledWith('[fresco:cache] w')
    expect(out.error).toHaveBeenCalledWith('[fresco:cache] e', error)
  })
})
