import { describe, expect, it } from 'vitest'
import { decidesGcThreads, oneCoreHint } from './one-core.js'

describe('one-core hint', () => {
  it('speaks only on one core, and only when no flag decided the GC threads', () => {
    expect(oneCoreHint(1, [], '')).toMatch(/--single-threaded-gc .*NODE_OPTIONS=--v8-pool-size=1.*"One core"/)
    expect(oneCoreHint(2, [], '')).toBeUndefined()
    expect(oneCoreHint(1, ['--single-threaded-gc'], '')).toBeUndefined()
    expect(oneCoreHint(1, [], '--max-old-space-size=512 --v8-pool-size=1')).toBeUndefined()
  })

  it('recognises the flags that decide V8 background GC threads, in either spelling', () => {
    for (const flag of [
      '--single-threaded',
      '--single_threaded_gc',
      '--v8-pool-size=2',
      '--no-concurrent-marking',
      '--parallel_scavenge',
    ])
      expect(decidesGcThreads([flag]), flag).toBe(true)
    for (const flag of ['--heap-growing-percent=50', '--max-old-space-size=512', '--enable-source-maps'])
      expect(decidesGcThreads([flag]), flag).toBe(false)
  })
})
