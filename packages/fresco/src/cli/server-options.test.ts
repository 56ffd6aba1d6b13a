import { describe, expect, it } from 'vitest'
import { resolveServerOptions, resolveWorkers } from './server-options.js'

const message = (run: () => unknown) => {
  try {
    run()
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected a throw')
}

describe('resolveServerOptions', () => {
  it('--port, else PORT, else 3000; 0 means any free port', () => {
    expect(resolveServerOptions({}, {})).toEqual({ port: 3000, hostname: '0.0.0.0' })
    expect(resolveServerOptions({}, { PORT: '8080' }).port).toBe(8080)
    expect(resolveServerOptions({ port: '4000' }, { PORT: '8080' }).port).toBe(4000)
    expect(resolveServerOptions({ port: '0', hostname: '127.0.0.1' }, {})).toEqual({
      port: 0,
      hostname: '127.0.0.1',
    })
    expect(resolveServerOptions({}, { PORT: '0' }).port).toBe(0)
  })

  it('one rule for --port and PORT (the same one resolveConfig applies to PORT)', () => {
    for (const bad of ['-1', '65536', '1e3', '80a', '8.5', ' 80']) {
      expect(message(() => resolveServerOptions({ port: bad }, {}))).toContain(`Invalid port '${bad}'`)
      expect(message(() => resolveServerOptions({}, { PORT: bad }))).toContain(`PORT='${bad}' is invalid`)
    }
    expect(resolveServerOptions({ port: '65535' }, {}).port).toBe(65535)
  })
})

describe('resolveWorkers', () => {
  it('--workers, else the config; auto is the number of cores', () => {
    expect(resolveWorkers(undefined, 1, 8)).toBe(1)
    expect(resolveWorkers(undefined, 3, 8)).toBe(3)
    expect(resolveWorkers(undefined, 'auto', 8)).toBe(8)
    expect(resolveWorkers('2', 'auto', 8)).toBe(2)
    expect(resolveWorkers('auto', 1, 2)).toBe(2)
  })

  it('names the flag and the allowed values for anything else', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '', ' 2', '99999'])
      expect(message(() => resolveWorkers(bad, 1, 2))).toBe(
        `[fresco] Invalid --workers '${bad}'. Pass a whole number >= 1 (processes serving the app) or 'auto' (one per available core).`,
      )
  })
})
