// A cache directory that cannot be written (disk full, read-only, no permission) is logged once per
// condition with what to do, counted, and its recovery logged once: never a stack per request.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createManualClock } from '../clock.js'
import { createResponseCache } from '../response-cache.js'
import { createRecordingLogger, makeEntry } from '../testing.js'
import { createFsHandler } from './fs.js'

const failWith = vi.hoisted(() => ({ code: undefined as string | undefined }))
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  return {
    ...real,
    open: (async (...args: Parameters<typeof real.open>) => {
      if (failWith.code !== undefined && String(args[1]) === 'wx')
        throw Object.assign(new Error(`${failWith.code}: simulated`), { code: failWith.code })
      return real.open(...args)
    }) as typeof real.open,
  }
})

const root = mkdtempSync(join(tmpdir(), 'fresco-fs-health-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('fs handler: writes that fail for the directory', () => {
  it('ENOSPC: one warning with what to do, then counted; responses still served; recovery logged once', async () => {
    const clock = createManualClock()
    const logger = createRecordingLogger()
    const handler = createFsHandler({ dir: join(root, 'full'), clock, logger })
    const cache = createResponseCache({ handler, clock, logger })
    await handler.ready()
    failWith.code = 'ENOSPC'
    for (let i = 0; i < 50; i++) {
      const result = await cache.get(`route:b:/p/${i}`, async () => makeEntry({ lastModified: clock.now() }))
      expect(result.status).toBe('MISS') // served, just not stored
    }
    expect(await handler.get('route:b:/p/0')).toBeUndefined()
    expect(logger.of('error')).toEqual([])
    const warnings = logger.of('warn')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('(ENOSPC)')
    expect(warnings[0]).toContain('Free space, or lower cacheMaxDiskSize')
    failWith.code = 'EROFS' // a new condition is a new line
    await handler.set('k', makeEntry())
    await handler.set('k', makeEntry())
    expect(logger.of('warn')).toHaveLength(2)
    expect(logger.of('warn')[1]).toContain('read-only')
    failWith.code = undefined
    await handler.set('k', makeEntry())
    await handler.set('k2', makeEntry())
    expect(logger.of('warn').slice(2)).toEqual([
      `fs: cache writes to ${join(root, 'full')} work again (2 writes failed with EROFS).`,
    ])
    expect(await handler.get('k')).toBeDefined()
  })

  it('any other write error still reaches the caller', async () => {
    const handler = createFsHandler({ dir: join(root, 'other'), logger: createRecordingLogger() })
    await handler.ready()
    failWith.code = 'EIO'
    await expect(handler.set('k', makeEntry())).rejects.toThrow('EIO')
    failWith.code = undefined
  })
})
