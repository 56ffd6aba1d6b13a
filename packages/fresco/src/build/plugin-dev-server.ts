// `fresco dev`: requests go through the same FrescoApp as production, created from the rsc
// environment's module runner, so HMR re-evaluates it. The app runs with dev = true: every page
// renders per request, while the data cache (fetch, unstable_cache) keeps working.

import type { Plugin, RunnableDevEnvironment } from 'vite'
import type { ResolvedConfig } from '../config/types.js'
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
      // Returned function: runs after Vite's own middlewares (assets, /@vite/client, HMR).
      return () => {
        server.middlewares.use(async (req, res, next) => {
          try {
            const target = parseRequestTarget(req.originalUrl ?? req.url ?? '/')
            if (isBadTarget(target)) return writeText(res, target.status, target.message)
            const extra = headerRules?.(target.pathname) // next.config's headers(), as `fresco start`
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
        })
      }
    },
  }
}
