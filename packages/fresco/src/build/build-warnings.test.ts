import { describe, expect, it } from 'vitest'
import { onBuildWarning } from './build-warnings.js'

describe('onBuildWarning', () => {
  it("drops the bundler's timing table and directive notices, passes every other warning on", () => {
    const shown: (string | undefined)[] = []
    const warn = (w: { code?: string }) => shown.push(w.code)
    for (const code of [
      'PLUGIN_TIMINGS',
      'BUNDLER_TIMINGS',
      'MODULE_LEVEL_DIRECTIVE',
      'CIRCULAR_DEPENDENCY',
      undefined,
    ])
      onBuildWarning({ code, message: `${code}` }, warn)
    expect(shown).toEqual(['CIRCULAR_DEPENDENCY', undefined])
  })
})
