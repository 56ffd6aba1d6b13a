import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findMiddlewareFile, middlewareModuleCode } from './plugin-middleware.js'

const roots: string[] = []
afterEach(async () => {
  await Promise.all(roots.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** A project holding `files`; the middleware file found, relative to its root. */
async function found(files: string[]): Promise<string | undefined> {
  const root = await mkdtemp(path.join(tmpdir(), 'fresco-mw-'))
  roots.push(root)
  for (const f of files) {
    await mkdir(path.dirname(path.join(root, f)), { recursive: true })
    await writeFile(path.join(root, f), 'export default () => {}\n')
  }
  const file = findMiddlewareFile(root)
  return file && path.relative(root, file)
}

describe('findMiddlewareFile: where Next.js looks', () => {
  it('middleware.* or proxy.* beside app/ or pages/', async () => {
    expect(await found(['app/page.tsx', 'middleware.ts'])).toBe('middleware.ts')
    expect(await found(['pages/index.tsx', 'proxy.js'])).toBe('proxy.js')
    expect(await found(['app/page.tsx'])).toBeUndefined()
  })

  it('in src/ when the app lives there; a file beside the other folder is not read', async () => {
    expect(await found(['src/app/page.tsx', 'src/middleware.ts'])).toBe(path.join('src', 'middleware.ts'))
    expect(await found(['app/page.tsx', 'src/middleware.ts'])).toBeUndefined()
  })

  it('both names at once is an error naming both', async () => {
    await expect(found(['app/page.tsx', 'middleware.ts', 'proxy.ts'])).rejects.toThrow(
      '[fresco] Both middleware.ts and proxy.ts were found: keep one',
    )
  })

  it('the virtual module exports the module and its file name, or null', () => {
    expect(middlewareModuleCode(undefined)).toContain('export const middleware = null')
    expect(middlewareModuleCode('/app/proxy.ts')).toContain('export const middlewareFile = "proxy.ts"')
  })
})
