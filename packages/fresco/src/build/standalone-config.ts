// The app's config files for a standalone server: fresco.config.* and next.config.* (TypeScript,
// ESM or CommonJS) each bundled by Vite into one ES module in .fresco/config/, which the server
// imports with Node alone (config/built-config.ts) and evaluates at start.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { BUILT_CONFIG_INDEX, type BuiltConfigFiles } from '../config/built-config.js'
import { findConfigFile, findNextConfigFile } from '../config/load.js'
import { nextConstantsPlugin } from '../config/load-cjs.js'

/**
 * fresco.config.* and next.config.*, each bundled with Vite into one ES module (its relative imports
 * inlined, packages left as imports for the tracer), evaluated by the standalone server at start.
 */
export async function buildConfigModules(root: string, dir: string): Promise<string[]> {
  const { build } = await import('vite')
  const index: BuiltConfigFiles = { next: null, fresco: null }
  const modules: string[] = []
  const found = { next: await findNextConfigFile(root), fresco: await findConfigFile(root) }
  for (const kind of ['next', 'fresco'] as const) {
    const file = found[kind]
    if (!file) continue
    const module = `${kind}.config.mjs`
    await build({
      root,
      configFile: false,
      logLevel: 'error',
      publicDir: false,
      plugins: [nextConstantsPlugin()],
      build: {
        ssr: file,
        outDir: dir,
        emptyOutDir: false,
        copyPublicDir: false,
        minify: false,
        rollupOptions: { output: { format: 'es', entryFileNames: module } },
      },
    })
    index[kind] = { name: path.basename(file), module }
    modules.push(path.join(dir, module))
  }
  await mkdir(dir, { recursive: true })
  await writeFile(path.join(dir, BUILT_CONFIG_INDEX), `${JSON.stringify(index, null, 2)}\n`)
  return modules
}
