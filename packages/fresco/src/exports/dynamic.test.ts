import { describe, expect, it } from 'vitest'
import { componentOf } from './dynamic.js'

describe('next/dynamic', () => {
  it('accepts a module with a default export or the component itself', () => {
    const C = () => null
    expect(componentOf({ default: C })).toBe(C)
    expect(componentOf(C)).toBe(C)
  })
})
