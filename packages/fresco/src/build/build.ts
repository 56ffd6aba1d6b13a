// `fresco build`: scan app/ → Vite build of the three environments → prerender through the
// built server bundle → manifest → route table. Output layout in docs/design/contracts.md.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createBuilder } from 'vite'
import { loadConfig } from '../config/load.js'
import { serializableConfig } from '../config/serializable.js'
import type { ResolvedConfig } from '../config/types.js'
import { buildOutputMissingError, unsupportedProjectFilesError } from '../errors.js'
import { buildLogger, unwrapBuildError } from './build-failure.js'
import { edgeRoutes, edgeRuntimeWarning } from './edge-runtime.js'
import { writeEnvTypes } from './env-types.js'
import type { FrescoManifest } from './manifest.js'
import { writeManifest } from './manifest.js'
import { appPaths } from './paths.js'
import { findMiddlewareFile } from './plugin-middleware.js'
import { listJobs, prerenderAll, renderInThread } from './prerender.js'
import { startPrerenderThreads } from './prerender-threads.js'
import { checkProject, type ProjectFinding } from './project-checks.js'
import { printRouteTable } from './report.js'
import { scanProject } from './scan-project.js'
import { guardStall } from './stall-guard.js'
import { STANDALONE_DIR, writeStandalone } from './standalone.js'
import { checkTsconfigExtends } from './tsconfig-paths.js'
import { createViteConfig } from './vite-config.js'

type ServerEntry = typeof import('../runtime/entries/rsc.js')

/** The config baked into the bundle must be JSON: a handler object is passed again at start. */
export { serializableConfig }

/** Warnings go to stderr and the build goes on; errors stop it, every one of them named. */
function reportFindings(findings: ProjectFinding[]): void {
  for (const f of findings)
    if (f.level === 'warning') process.stderr.write(`[fresco] Warning: ${f.message}\n`)
  const errors = findings.filter((f) => f.level === 'error').map((f) => f.message)
  if (errors.length > 0) throw unsupportedProjectFilesError(errors)
}

/** The server bundle in this thread, over the build's one cache handler (owned here, see below). */
async function loadPrerenderer(serverEntry: string, config: ResolvedConfig) {
  const entry = (await import(pathToFileURL(serverEntry).href)) as ServerEntry
  const { handler, clock } = await entry.createBuildCache(config)
  // A handler object in the config is used as is and left open by the bundle: we close it last.
  const hooks = await entry.createPrerenderer({ config: { ...config, cacheHandler: handler }, clock })
  return { hooks, handler, clock }
}

/**
 * The renderer for `jobs` paths: with prerenderWorkers 1 (or a single path) the bundle's hook in
 * this thread, as before workers existed; else that many worker threads, at most one per path.
 */
async function startRenderer(
  jobs: number,
  paths: ReturnType<typeof appPaths>,
  config: ResolvedConfig,
  { hooks, handler, clock }: Awaited<ReturnType<typeof loadPrerenderer>>,
) {
  const workers = Math.min(config.prerenderWorkers, jobs)
  if (workers <= 1) return { render: renderInThread(hooks), close: async () => {}, terminate: async () => {} }
  process.stdout.write(`Prerendering ${jobs} paths in ${workers} worker threads (prerenderWorkers)\n`)
  return guardStall(
    startPrerenderThreads({
      workers,
      serverEntry: paths.serverEntry,
      config: serializableConfig(config),
      handler,
      clock,
      hooks,
    }),
    () => 'starting the prerender workers',
  )
}

export async function build(root: string): Promise<FrescoManifest> {
  // Like `next build`: a production build whatever NODE_ENV the shell (or a test runner) set.
  process.env.NODE_ENV = 'production'
  const paths = appPaths(root)
  const config = await loadConfig(root, { phase: 'build' })
  reportFindings(await checkProject(root))
  checkTsconfigExtends(root) // a missing base config: one line, before Vite fails every module
  findMiddlewareFile(root) // middleware.ts beside proxy.ts: one line, before Vite starts
  writeEnvTypes(root) // fresco-env.d.ts: next/* types for the user's tsc and editor
  const project = await scanProject(paths.root, paths.appDir, paths.pagesDir)
  const edge = edgeRuntimeWarning(await edgeRoutes(project))
  if (edge) process.stderr.write(`[fresco] Warning: ${edge}\n`)
  const buildId = randomBytes(8).toString('base64url')

  await rm(paths.distDir, { recursive: true, force: true })
  const builder = await createBuilder({
    ...createViteConfig({
      paths,
      mode: 'build',
      scan: async () => project,
      buildId,
      config: serializableConfig(config),
    }),
    customLogger: buildLogger('warn'),
  })
  await guardStall(builder.buildApp(), () => 'bundling the app with Vite').catch(unwrapBuildError)
  // The server bundles are ESM `.js` files; in an app without "type": "module" Node must still
  // load them as ESM, so dist/ carries its own package.json.
  await writeFile(path.join(paths.distDir, 'package.json'), '{ "type": "module" }\n')
  if (!existsSync(paths.serverEntry)) throw buildOutputMissingError(paths.serverEntry)

  await mkdir(paths.frescoDir, { recursive: true })
  await writeFile(paths.buildIdFile, `${buildId}\n`)
  const bundle = await guardStall(
    loadPrerenderer(paths.serverEntry, config),
    () => 'loading the server bundle',
  )
  // close() waits for renders still running, which a stalled one never finishes.
  const close = async () => {
    await guardStall(bundle.hooks.close(), () => 'waiting for the remaining prerenders to finish')
    await bundle.handler.close?.()
  }
  let manifest: FrescoManifest
  try {
    const { routes, jobs } = await listJobs(bundle.hooks)
    const renderer = await startRenderer(jobs.length, paths, config, bundle)
    try {
      manifest = await prerenderAll({
        routes,
        jobs,
        render: renderer.render,
        buildId,
        concurrency: config.prerenderConcurrency,
        expireTime: config.expireTime,
      })
    } catch (error) {
      await renderer.terminate()
      throw error
    }
    await guardStall(renderer.close(), () => 'waiting for the prerender workers to finish')
  } catch (error) {
    await close().catch(() => {}) // the prerender's error is the one to report
    throw error
  }
  await close()
  await writeManifest(paths.frescoDir, manifest)
  printRouteTable(manifest)
  if (config.output === 'standalone') {
    const standalone = await writeStandalone(paths, config)
    process.stdout.write(
      `\nStandalone server in ${path.relative(root, standalone.dir)} (${standalone.nodeModulesFiles} files from node_modules): run it with \`node server.js\` there\n`,
    )
  } else await rm(path.join(paths.frescoDir, STANDALONE_DIR), { recursive: true, force: true }) // never a stale one to deploy
  return manifest
}
