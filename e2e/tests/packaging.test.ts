// What a user installs: the packed tarballs, installed into a folder that holds only app/, then built.
import { lstatSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  createApp,
  fixture,
  packTarballs,
  repoRoot,
  type Tarballs,
  tarballFiles,
} from '../harness/index.js'

let tarballs: Tarballs
let app: App | undefined

beforeAll(async () => {
  tarballs = await packTarballs()
})

afterAll(async () => {
  await app?.cleanup()
})

/** Every file an `exports` / `bin` / `main` / `types` field points at (wildcards skipped). */
function declaredFiles(pkg: Record<string, unknown>): string[] {
  const out: string[] = []
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (!v.includes('*')) out.push(v.replace(/^\.\//, ''))
    } else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x)
  }
  walk(pkg.exports)
  walk(pkg.bin)
  walk(pkg.main)
  walk(pkg.types)
  return [...new Set(out)]
}

describe.each([
  ['@fresco/framework', 'packages/fresco'],
  ['@fresco/cache', 'packages/cache'],
])('the %s tarball', (_name, dir) => {
  it('holds the compiled JavaScript, the type declarations and every file package.json points at', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'))
    const files = await tarballFiles(dir.endsWith('cache') ? tarballs.cache : tarballs.fresco)
    expect(files).toContain('package/package.json')
    expect(files.some((f) => /^package\/dist\/.+\.js$/.test(f))).toBe(true)
    expect(files.some((f) => /^package\/dist\/.+\.d\.ts$/.test(f))).toBe(true)
    for (const file of declaredFiles(pkg)) expect(files, `${dir}: ${file}`).toContain(`package/${file}`)
    expect(files.filter((f) => /\.test\.[jt]sx?$|^package\/src\//.test(f))).toEqual([])
  })
})

it('@fresco/cache ships the conformance suite (/testing) and none of its own test helpers', async () => {
  const files = await tarballFiles(tarballs.cache)
  expect(files).toContain('package/dist/testing.js')
  expect(
    files.filter((f) => f.startsWith('package/dist/testing/') || /redis-server|-fixture/.test(f)),
  ).toEqual([])
})

describe("dynamic = 'error'", () => {
  it('fails `fresco build`, naming the route and the API', async () => {
    const typed = await createApp(fixture('dynamic-error')) // "type": "module", shared install
    try {
      const build = await typed.build()
      expect(build.code, build.output).not.toBe(0)
      expect(build.output).toContain('/bad')
      expect(build.output).toMatch(/cookies/)
      expect(build.output).toMatch(/dynamic = 'error'/)
    } finally {
      await typed.cleanup()
    }
  })
})

describe('a fresh app from the tarballs', () => {
  it('installs @fresco/framework, @fresco/cache, react and react-dom beside app/ and nothing else', async () => {
    app = await createApp(fixture('dynamic-error'), { fresh: true })
    expect(readdirSync(app.dir).sort()).toEqual(['app', 'node_modules', 'package-lock.json', 'package.json'])
    const installed = join(app.dir, 'node_modules', '@fresco', 'framework')
    expect(lstatSync(installed).isSymbolicLink()).toBe(false) // a real install, not a workspace link
    expect(realpathSync(installed).startsWith(repoRoot)).toBe(false)
    expect(lstatSync(join(app.dir, 'node_modules', '@fresco', 'cache')).isDirectory()).toBe(true)
    expect(lstatSync(join(app.dir, 'node_modules', '.bin', 'fresco'))).toBeTruthy()
    const pkg = JSON.parse(readFileSync(join(app.dir, 'package.json'), 'utf8'))
    expect(Object.keys(pkg.dependencies).sort()).toEqual([
      '@fresco/cache',
      '@fresco/framework',
      'react',
      'react-dom',
    ])
  })

  it("fails `fresco build` for dynamic = 'error', naming the route and the API", async () => {
    if (!app) throw new Error('the install test did not run')
    const build = await app.build()
    expect(build.code, build.output).not.toBe(0)
    expect(build.output).toContain('/bad')
    expect(build.output).toMatch(/cookies/)
    expect(build.output).toMatch(/dynamic = 'error'|dynamic='error'|"error"/)
    expect(build.output).not.toMatch(/^\s+at .*node_modules/m) // a message for the user, not a bare stack
  })

  it('builds and serves once the offending page is gone (package.json without "type": "module")', async () => {
    if (!app) throw new Error('the install test did not run')
    rmSync(join(app.dir, 'app', 'bad'), { recursive: true })
    const build = await app.build()
    expect(build.code, build.output).toBe(0)
    const server = await app.start()
    const home = await server.get('/')
    expect(home.status).toBe(200)
    expect(home.text).toContain('<h1>Home</h1>')
    expect(home.cache).toBe('HIT')
    await server.stop()
  })
})
