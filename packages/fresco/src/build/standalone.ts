// `output: 'standalone'`: after the build, .fresco/standalone/ holds everything `node server.js` needs
// on a machine without the app's node_modules: the build (server bundle, client assets, manifest,
// the prerendered cache), public/, the config files prebuilt as ES modules, and only the files of
// node_modules that the server reaches. Which files those are is traced by @vercel/nft (the tracer
// `next build` uses for the same output): it follows static and dynamic imports, `require`, package
// "exports" and native addons (sharp's platform binaries) file by file, so a package the server
// never loads (Vite, the build tool chain) is left out.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { BUILT_CONFIG_DIR } from '../config/built-config.js'
import type { ResolvedConfig } from '../config/types.js'
import { standaloneError } from '../errors.js'
import { type AppPaths, frescoFile } from './paths.js'
import { buildConfigModules } from './standalone-config.js'

export const STANDALONE_DIR = 'standalone'

/** Files of the framework a server loads by path rather than by import (worker threads). */
const FRAMEWORK_ENTRIES = ['standalone/server.js', 'node/render-worker.js', 'node/helper-threads.cjs']

const SERVER_JS = (
  entry: string,
  helperThreads: string,
) => `// Written by \`fresco build\` (output: 'standalone'). Run with \`node server.js\`.
// PORT (default 3000), HOSTNAME (default 0.0.0.0) and KEEP_ALIVE_TIMEOUT (ms), as Next's server.js.
// CommonJS, so that V8's garbage-collection threads are found before libuv starts its pool
// (helper-threads.cjs); the server itself is an ES module.
require('./${helperThreads}').recordHelperThreads()
import('./${entry}').then(({ runStandalone }) => runStandalone(__dirname))
`

export interface StandaloneResult {
  dir: string
  /** Files copied into node_modules/. */
  nodeModulesFiles: number
}

/** Writes .fresco/standalone for the build just made in `paths.root`. */
export async function writeStandalone(paths: AppPaths, config: ResolvedConfig): Promise<StandaloneResult> {
  const out = path.join(paths.frescoDir, STANDALONE_DIR)
  await rm(out, { recursive: true, force: true })
  await mkdir(out, { recursive: true })
  const configModules = await buildConfigModules(paths.root, path.join(out, BUILT_CONFIG_DIR))

  // The server bundle's imports and the framework's own entry, traced from the app's root.
  const bundles = [
    ...(await jsFiles(paths.rscDir)),
    ...(await jsFiles(paths.ssrDir)),
    ...FRAMEWORK_ENTRIES.map((f) => frescoFile(f)),
    ...configModules,
  ]
  // Unresolved optional imports (sharp's other platforms, supports-color) are expected and not
  // reported; files a package reads from the system (/proc, /etc) are not the app's to copy.
  const { nodeFileTrace } = await import('@vercel/nft') // loaded only by builds that ask for standalone
  const { fileList } = await nodeFileTrace(bundles, {
    base: '/',
    processCwd: paths.root,
    ignore: (p) => /^(proc|sys|dev|etc)\//.test(p),
  })
  const copies = new Map<string, string>()
  for (const rel of fileList) {
    const file = `/${rel}`
    if (file.startsWith(`${out}${path.sep}`) || file.startsWith(`${paths.frescoDir}${path.sep}`)) continue
    const stat = await lstat(file)
    if (stat.isSymbolicLink() || stat.isDirectory()) continue // the real files are in the list too
    const dest = await destinationOf(file, paths.root)
    if (dest === undefined) continue // a system file a package reads (a CA bundle), not ours to ship
    const seen = copies.get(dest)
    if (seen !== undefined && seen !== file && !(await sameContent(seen, file)))
      throw standaloneError(`${seen} and ${file} would both be copied to ${dest}`)
    copies.set(dest, file)
  }
  for (const [dest, file] of copies) {
    await mkdir(path.dirname(path.join(out, dest)), { recursive: true })
    await cp(file, path.join(out, dest), { preserveTimestamps: true })
  }

  // The build itself, public/ and the prerendered cache (when it lives in the app's folder).
  const frescoOut = path.join(out, '.fresco')
  await cp(paths.distDir, path.join(frescoOut, 'dist'), { recursive: true })
  for (const f of [paths.manifestFile, paths.buildIdFile]) await cp(f, path.join(frescoOut, path.basename(f)))
  if (existsSync(paths.publicDir)) await cp(paths.publicDir, path.join(out, 'public'), { recursive: true })
  const cacheRel = path.relative(paths.root, config.cacheDir)
  if (config.cacheHandler === 'fs' && existsSync(config.cacheDir) && !cacheRel.startsWith('..'))
    await cp(config.cacheDir, path.join(out, cacheRel), { recursive: true, filter: notTemp })

  const [entry, helperThreads] = await Promise.all(
    ['standalone/server.js', 'node/helper-threads.cjs'].map(async (file) => {
      const dest = await destinationOf(frescoFile(file), paths.root)
      if (dest === undefined) throw standaloneError(`${frescoFile(file)} belongs to no package`)
      return dest.split(path.sep).join('/')
    }),
  )
  await writeFile(path.join(out, 'server.js'), SERVER_JS(entry as string, helperThreads as string))
  // server.js is CommonJS whatever the app's package.json says; the build (.fresco/dist) has a
  // package.json of its own that makes its bundles ES modules, and the config modules are .mjs.
  await writeFile(path.join(out, 'package.json'), '{ "private": true, "type": "commonjs" }\n')
  const nodeModulesFiles = [...copies.keys()].filter((d) => d.startsWith(`node_modules${path.sep}`)).length
  return { dir: out, nodeModulesFiles }
}

/**
 * Where a traced file goes in the standalone folder: the app's own files keep their place, files
 * of an installed package keep their path from the first node_modules/ (the layout npm made, even
 * when node_modules is a link to another folder), and a package linked from outside (a workspace)
 * goes to node_modules/<its name>/.
 */
export async function destinationOf(file: string, root: string): Promise<string | undefined> {
  const rel = path.relative(root, file)
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel
  const marker = `${path.sep}node_modules${path.sep}`
  const at = file.indexOf(marker)
  if (at >= 0) return file.slice(at + 1)
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json')
    if (!existsSync(pkg)) continue
    const name = (JSON.parse(await readFile(pkg, 'utf8')) as { name?: unknown }).name
    if (typeof name === 'string') return path.join('node_modules', name, path.relative(dir, file))
  }
  return undefined
}

async function sameContent(a: string, b: string): Promise<boolean> {
  const hash = async (f: string) =>
    createHash('sha256')
      .update(await readFile(f))
      .digest('hex')
  return (await hash(a)) === (await hash(b))
}

/** A writer's temporary file (fs handler: `*.tmp-*`) is not an entry. */
const notTemp = (src: string) => !/\.tmp-/.test(path.basename(src))

async function jsFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && /\.(m?js|cjs)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
}
