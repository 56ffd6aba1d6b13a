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
