// Next's instrumentation hook: the app's `register()` awaited before the app loads, so an
// OpenTelemetry SDK (or anything else the app sets up there) is in place before the first app
// module runs. `fresco start` imports the build's entry (build/plugin-instrumentation.ts);
// `fresco dev` loads the source through Vite's module runner (build/plugin-dev-server.ts).
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { instrumentationRegisterError } from '../errors.js'

type InstrumentationModule = { register?: () => unknown }

/** Loads the module and awaits its `register()`, if it has one; a failure names the file. */
export async function registerFrom(load: () => Promise<unknown>): Promise<void> {
  // Next's apps branch on it (`if (process.env.NEXT_RUNTIME === 'nodejs') await import(...)`).
  process.env.NEXT_RUNTIME ??= 'nodejs'
  try {
    const mod = (await load()) as InstrumentationModule
    if (typeof mod.register === 'function') await mod.register()
  } catch (error) {
    throw instrumentationRegisterError(error)
  }
}

/** `fresco start`: once per process (or render thread); nothing when the app has no instrumentation.ts. */
export async function runInstrumentation(file: string): Promise<void> {
  if (!existsSync(file)) return
  await registerFrom(() => import(pathToFileURL(file).href))
}
