import { describe, expect, it } from 'vitest'
import { hasOwnHeapGrowth } from './heap-growth.js'

describe('heap growth default', () => {
  it('yields to a --heap-growing-percent on node’s command line, in either spelling', () => {
    expect(hasOwnHeapGrowth(['--heap-growing-percent=0'])).toBe(true)
    expect(hasOwnHeapGrowth(['--enable-source-maps', '--heap_growing_percent=100'])).toBe(true)
    expect(hasOwnHeapGrowth(['--heap-growing-percent', '30'])).toBe(true)
    expect(hasOwnHeapGrowth([])).toBe(false)
    expect(hasOwnHeapGrowth(['--max-old-space-size=512', '--heap-growing-percentage=3'])).toBe(false)
  })
})
