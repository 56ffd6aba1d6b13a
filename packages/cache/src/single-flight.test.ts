import { describe, expect, it } from 'vitest'
import { createSingleFlight } from './single-flight.js'

describe('single flight', () => {
  it('release is identity-checked: a finished flight never removes a newer one', () => {
    const flights = createSingleFlight<{ id: number }>()
    const older = { id: 1 }
    const newer = { id: 2 }
    flights.set('k', older)
    flights.set('k', newer)
    expect(flights.release('k', older)).toBe(false)
    expect(flights.get('k')).toBe(newer)
    expect(flights.isCurrent('k', newer)).toBe(true)
    expect(flights.release('k', newer)).toBe(true)
    expect(flights.get('k')).toBeUndefined()
    expect(flights.size).toBe(0)
  })
})
