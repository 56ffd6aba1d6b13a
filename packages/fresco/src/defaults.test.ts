import { DEFAULT_EXPIRE } from '@fresco/cache'
import { expect, it } from 'vitest'
import { ONE_YEAR } from './defaults.js'

// The engine is standalone (no import of fresco), so each package names one year once; they must agree.
it("fresco's one year (default expireTime, static s-maxage) is the engine's default expire", () => {
  expect(ONE_YEAR).toBe(DEFAULT_EXPIRE)
})
