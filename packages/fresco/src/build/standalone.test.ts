// Where each traced file lands in .fresco/standalone: the layouts npm makes (node_modules in the
// app, node_modules linked from elsewhere, nested versions) and a workspace package linked in.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { destinationOf } from './standalone.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

describe('destinationOf', () => {
  it('keeps the app and npm layouts, names a linked workspace package, skips system files', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'fresco-standalone-dest-'))
    dirs.push(base)
    const root = path.join(base, 'apps', 'web')
    const workspace = path.join(base, 'packages', 'ui')
    await mkdir(path.join(workspace, 'dist'), { recursive: true })
    await writeFile(path.join(workspace, 'package.json'), '{ "name": "@acme/ui" }')
    const j = (...p: string[]) => path.join(...p)

    expect(await destinationOf(j(root, '.fresco/dist/rsc/index.js'), root)).toBe(
      j('.fresco/dist/rsc/index.js'),
    )
    expect(await destinationOf(j(root, 'node_modules/ioredis/built/index.js'), root)).toBe(
      j('node_modules/ioredis/built/index.js'),
    )
    // node_modules linked to a shared install elsewhere (realpaths outside the app).
    expect(await destinationOf('/opt/deps/node_modules/@fresco/cache/dist/index.js', root)).toBe(
      j('node_modules/@fresco/cache/dist/index.js'),
    )
    // A second version nested under the package that needs it stays nested.
    expect(await destinationOf('/opt/deps/node_modules/a/node_modules/b/index.js', root)).toBe(
      j('node_modules/a/node_modules/b/index.js'),
    )
    // A workspace package (realpath outside any node_modules) goes where Node will look for it.
    expect(await destinationOf(j(workspace, 'dist/button.js'), root)).toBe(
      j('node_modules/@acme/ui/dist/button.js'),
    )
    // A file of the system a package reads by path (no package around it) is not shipped.
    expect(await destinationOf('/usr/share/zoneinfo/UTC', root)).toBeUndefined()
  })
})
