// Next's instrumentation hook: the build's `instrumentation.js` (build/plugin-instrumentation.ts) is
// imported and its `register()` awaited before the server bundle loads, so an OpenTelemetry SDK
// (or anything else the app sets up there) is in place before the first app module runs.
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { instrumentationRegisterError } from '../errors.js'

/** Runs the app's `register()` once per process (or render thread); nothing when the app has no instrumentation.ts. */
export async function runInstrumentation(file: string): Promise<void> {
  if (!existsSync(file)) return
  // Next's apps branch on it (`if (process.env.NEXT_RUNTIME === 'nodejs') await import(...)`).
  process.env.NEXT_RUNTIME ??= 'nodejs'
  try {
    const mod = (await import(pathToFileURL(file).href)) as { register?: () => unknown }
    if (typeof mod.register === 'function') await mod.register()
  } catch (error) {
    throw instrumentationRegisterError(error)
  }
}
