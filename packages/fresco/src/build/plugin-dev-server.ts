// `fresco dev`: requests go through the same FrescoApp as production, created from the rsc
// environment's module runner, so HMR re-evaluates it. The app runs with dev = true: every page
// renders per request, while the data cache (fetch, unstable_cache) keeps working.
import type { Connect, Plugin, RunnableDevEnvironment } from 'vite'
import type { ResolvedConfig } from '../config/types.js'
import { insideBasePath } from '../node/base-path.js'
import { registerFrom } from '../node/instrumentation.js'
import { applyOnWriteHead, compileHeaderRules } from '../node/response-headers.js'
import { createServeTarget } from '../node/routed.js'
import { loadTracer } from '../node/tracing/otel-tracer.js'
import { isBadTarget, parseRequestTarget } from '../node/url.js'
import { writePrepared, writeText, writeWeb } from '../node/write-response.js'
import type { FrescoApp } from '../runtime/server/contract.js'
import type { Tracer } from '../runtime/server/tracer.js'
import { findInstrumentationFile } from './plugin-instrumentation.js'

type ServerEntry = typeof import('../runtime/entries/rsc.js')

export function devServerPlugin(opts: { entry: string; config: ResolvedConfig }): Plugin {
  const apps = new WeakMap<ServerEntry, Promise<FrescoApp>>()
  const servers = new WeakMap<FrescoApp, ReturnType<typeof createServeTarget>>()
  const limit = Math.max(opts.config.bodySizeLimit, opts.config.serverActions.bodySizeLimit)
  const incoming = { bodyLimit: limit, trustProxy: opts.config.trustProxy }
  // redirects, middleware and rewrites as in production (node/routed.ts); Vite served public/ already.
  const serverOf = (app: FrescoApp) => {
    let serve = servers.get(app)
    if (!serve) {
      serve = createServeTarget({
        app,
        incoming,
        answer: (_req, res, status, message) => writeText(res, status, message),
        deliver: (req, res, served) =>
          served.type === 'prepared'
            ? writePrepared(req, res, served.prepared, served.cacheStatus)
            : writeWeb(req, res, served.response),
        file: () => undefined,
        basePath: opts.config.basePath,
        trailingSlash: opts.config.trailingSlash,
      })
      servers.set(app, serve)
    }
    return serve
  }
  const headerRules = compileHeaderRules(opts.config.headers, opts.config.trailingSlash)
  // instrumentation.ts's register(), once per dev server and before the first app module loads, then
  // the tracer if it registered a provider (as `fresco start` does). Edits to it need a restart.
  let tracing: Promise<Tracer | undefined> | undefined
  const tracerOf = (root: string, rsc: RunnableDevEnvironment) => {
    tracing ??= (async () => {
      const file = findInstrumentationFile(root)
      if (file) await registerFrom(() => rsc.runner.import(file))
      return loadTracer((message) => console.warn(`[fresco] ${message}`))
    })()
    return tracing
  }
  return {
    name: 'fresco:dev-server',
    configureServer(server) {
      const rsc = server.environments.rsc as RunnableDevEnvironment
      const handle: Connect.NextHandleFunction = async (req, res, next) => {
        try {
          const target = parseRequestTarget(req.originalUrl ?? req.url ?? '/')
          if (isBadTarget(target)) return writeText(res, target.status, target.message)
          // next.config's headers(), as `fresco start`: sources under basePath.
          const inner = headerRules && insideBasePath(target, opts.config.basePath)
          const extra = inner && headerRules?.(inner.pathname)
          if (extra) applyOnWriteHead(res, extra)
          const tracer = await tracerOf(server.config.root, rsc)
          const entry = (await rsc.runner.import(opts.entry)) as ServerEntry
          let app = apps.get(entry)
          if (!app) {
            app = entry.createApp({ config: opts.config, tracer })
            apps.set(entry, app)
          }
          await serverOf(await app)(req, res, target)
        } catch (error) {
          next(error)
        }
      }
      // Vite serves under `${basePath}/` and answers `/docs` itself with a "did you mean" 404: the
      // root of basePath is the app's home page, as in production, so it is taken before Vite.
      const base = opts.config.basePath
      if (base !== '')
        server.middlewares.use((req, res, next) => {
          const url = req.url ?? '/'
          if (url === base || url.startsWith(`${base}?`)) return handle(req, res, next)
          next()
        })
      // Returned function: runs after Vite's own middlewares (assets, /@vite/client, HMR).
      return () => {
        server.middlewares.use(handle)
      }
    },
  }
}
