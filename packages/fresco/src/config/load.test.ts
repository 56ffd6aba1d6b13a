import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findConfigFile, loadConfig, loadConfigFile } from './load.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'fresco-config-'))
  dirs.push(root)
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text)
  return root
}

describe('loadConfig', () => {
  it('uses defaults without a config file, with cacheDir made absolute', async () => {
    const root = await project({})
    expect(await findConfigFile(root)).toBeNull()
    const config = await loadConfig(root, { env: {} })
    expect(config.cacheHandler).toBe('fs')
    expect(config.cacheDir).toBe(path.join(root, '.fresco/cache'))
  })

  it('loads a TypeScript config with imports and types', async () => {
    const root = await project({
      'sizes.ts': 'export const budget: number = 1024\n',
      'fresco.config.ts': [
        "import { budget } from './sizes'",
        'interface C { cacheMaxMemorySize: number; cacheDir: string }',
        "const config: C = { cacheMaxMemorySize: budget, cacheDir: 'var/cache' }",
        'export default config',
      ].join('\n'),
    })
    const config = await loadConfig(root, { env: {} })
    expect(config.cacheMaxMemorySize).toBe(1024)
    expect(config.cacheDir).toBe(path.join(root, 'var/cache'))
    const loaded = await loadConfigFile(path.join(root, 'fresco.config.ts'))
    expect(loaded.dependencies).toContain(path.join(root, 'sizes.ts'))
  })

  it('loads .mjs and validates with the file name in errors', async () => {
    const root = await project({ 'fresco.config.mjs': 'export default { expireTme: 10 }\n' })
    await expect(loadConfig(root, { env: {} })).rejects.toThrow(
      "[fresco] fresco.config.mjs: unknown option 'expireTme'. Did you mean 'expireTime'?",
    )
  })

  it('rejects two config files', async () => {
    const root = await project({
      'fresco.config.ts': 'export default {}',
      'fresco.config.js': 'export default {}',
    })
    await expect(loadConfig(root)).rejects.toThrow(
      '[fresco] Found fresco.config.ts and fresco.config.js. Keep one Fresco config file',
    )
  })

  it('reports a file that fails to load or has no default export', async () => {
    const broken = await project({ 'fresco.config.js': 'throw new Error("boom")\n' })
    await expect(loadConfig(broken)).rejects.toThrow(/\[fresco\] Could not load fresco\.config\.js: boom/)
    const noDefault = await project({ 'fresco.config.ts': 'export const x = 1\n' })
    await expect(loadConfig(noDefault)).rejects.toThrow(
      /Could not load fresco\.config\.ts: it has no default export/,
    )
  })
})

describe('loadConfig with a next.config', () => {
  it('reads a CommonJS next.config.js with require("next/constants")', async () => {
    const root = await project({
      'package.json': '{}',
      'next.config.js':
        "const { PHASE_PRODUCTION_BUILD } = require('next/constants')\nmodule.exports = (phase) => ({ trailingSlash: phase === PHASE_PRODUCTION_BUILD, env: { P: phase } })\n",
    })
    const config = await loadConfig(root, { env: {}, phase: 'build', warn: () => {} })
    expect(config.trailingSlash).toBe(true)
    expect(config.env).toEqual({ P: 'phase-production-build' })
  })

  it('reads next.config.ts and next.config.mjs importing next/constants, and calls headers()', async () => {
    const root = await project({
      'next.config.mjs':
        "import { PHASE_PRODUCTION_SERVER } from 'next/constants.js'\nexport default async (phase) => ({ compress: phase !== PHASE_PRODUCTION_SERVER, async headers() { return [{ source: '/a', headers: [{ key: 'x-a', value: '1' }] }] } })\n",
    })
    const config = await loadConfig(root, { env: {}, warn: () => {} })
    expect(config.compress).toBe(false)
    expect(config.headers).toEqual([{ source: '/a', headers: [{ key: 'x-a', value: '1' }] }])
    const ts = await project({
      'next.config.ts':
        "import type { NextConfig } from 'next'\nconst c: NextConfig = { trailingSlash: true }\nexport default c\n",
    })
    expect((await loadConfig(ts, { env: {}, warn: () => {} })).trailingSlash).toBe(true)
  })

  it('prints one warning per key it does not apply, and fresco.config wins where both set a key', async () => {
    const root = await project({
      'next.config.mjs': "export default { trailingSlash: true, env: { A: 'n', B: 'n' }, swcMinify: true }\n",
      'fresco.config.ts': "export default { trailingSlash: false, env: { B: 'f' } }\n",
    })
    const lines: string[] = []
    const config = await loadConfig(root, { env: {}, warn: (l) => lines.push(l) })
    expect(config.trailingSlash).toBe(false)
    expect(config.env).toEqual({ A: 'n', B: 'f' })
    expect(lines).toEqual(['next.config.mjs: swcMinify is not supported by Fresco and has no effect.'])
  })

  it("names next.config's file and key for a value of the wrong type", async () => {
    const root = await project({ 'next.config.mjs': "export default { trailingSlash: 'yes' }\n" })
    await expect(loadConfig(root, { env: {}, warn: () => {} })).rejects.toThrow(
      "next.config.mjs: trailingSlash = 'yes' is invalid. Use true or false.",
    )
    const rules = await project({
      'next.config.mjs': "export default { headers: async () => [{ source: 'a', headers: [] }] }\n",
    })
    await expect(loadConfig(rules, { env: {}, warn: () => {} })).rejects.toThrow(
      "next.config.mjs: headers()[0].source = 'a' is invalid. Use a path starting with '/'",
    )
  })
})
