// The config modules a standalone server loads without Vite: built from TypeScript, ESM and
// CommonJS files, and evaluated at start (the environment of the running server, not the build's).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BUILT_CONFIG_DIR, loadBuiltConfig } from '../config/built-config.js'
import { buildConfigModules } from './standalone-config.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'fresco-standalone-config-'))
  dirs.push(root)
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text)
  return root
}

describe('standalone config modules', () => {
  it('bundles a CommonJS next.config and a TypeScript fresco.config; both read the environment at start', async () => {
    const root = await project({
      'next.config.js':
        "const { PHASE_PRODUCTION_SERVER } = require('next/constants')\n" +
        "const local = require('./local.js')\n" +
        "module.exports = (phase) => ({ output: 'standalone', trailingSlash: phase === PHASE_PRODUCTION_SERVER && local.slash })\n",
      'local.js': 'module.exports = { slash: true }\n',
      'fresco.config.ts':
        "import { shutdown } from './shutdown'\n" +
        "const prefix: string = process.env.SA_TEST_PREFIX ?? 'build-time'\n" +
        'export default { redis: { prefix }, shutdownTimeout: shutdown }\n',
      'shutdown.ts': 'export const shutdown: number = 7\n',
    })
    const modules = await buildConfigModules(root, path.join(root, BUILT_CONFIG_DIR))
    expect(modules.map((m) => path.basename(m))).toEqual(['next.config.mjs', 'fresco.config.mjs'])
    // The sources are gone: the server has only the built modules.
    for (const f of ['next.config.js', 'local.js', 'fresco.config.ts', 'shutdown.ts'])
      await rm(path.join(root, f))
    process.env.SA_TEST_PREFIX = 'from-the-server'
    try {
      const config = await loadBuiltConfig(root, { env: { REDIS_URL: 'redis://cache:6379' } })
      expect(config).toMatchObject({
        output: 'standalone',
        trailingSlash: true,
        shutdownTimeout: 7,
        cacheHandler: 'redis',
        redis: { url: 'redis://cache:6379', prefix: 'from-the-server' },
        cacheDir: path.join(root, '.fresco/cache'),
      })
    } finally {
      delete process.env.SA_TEST_PREFIX
    }
  })

  it('without config files the server gets the defaults; a module that throws is named', async () => {
    const root = await project({})
    expect(await buildConfigModules(root, path.join(root, BUILT_CONFIG_DIR))).toEqual([])
    expect((await loadBuiltConfig(root, { env: {} })).output).toBeNull()

    const broken = await project({ 'fresco.config.mjs': "throw new Error('no SECRET set')\n" })
    await buildConfigModules(broken, path.join(broken, BUILT_CONFIG_DIR))
    await expect(loadBuiltConfig(broken, { env: {} })).rejects.toThrow(
      '[fresco] Could not load fresco.config.mjs: no SECRET set.',
    )
  })
})
