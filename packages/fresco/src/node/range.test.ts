import { describe, expect, it } from 'vitest'
import { ifRangeAllows, parseRange } from './range.js'

describe('parseRange (RFC 9110 §14)', () => {
  it('parses the three single-range forms, clamped to the file', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 })
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 })
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 })
  })
  it('answers 416 for ranges past the end, ignores what it does not support', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable')
    expect(parseRange(undefined, 1000)).toBeUndefined()
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeUndefined()
    expect(parseRange('items=0-1', 1000)).toBeUndefined()
    expect(parseRange('bytes=50-10', 1000)).toBeUndefined()
    expect(parseRange('bytes=-', 1000)).toBeUndefined()
  })
  it('If-Range keeps the range only for the current Last-Modified (weak ETags never match)', () => {
    expect(ifRangeAllows(undefined, 'W/"a"', 'Mon, 01 Jan 2024 00:00:00 GMT')).toBe(true)
    expect(ifRangeAllows('Mon, 01 Jan 2024 00:00:00 GMT', 'W/"a"', 'Mon, 01 Jan 2024 00:00:00 GMT')).toBe(
      true,
    )
    expect(ifRangeAllows('Tue, 02 Jan 2024 00:00:00 GMT', 'W/"a"', 'Mon, 01 Jan 2024 00:00:00 GMT')).toBe(
      false,
    )
    expect(ifRangeAllows('"a"', 'W/"a"', 'x')).toBe(false)
  })
})
