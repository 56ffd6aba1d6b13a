// How a failed Vite build is reported. A Fresco plugin that refuses something (an unsupported
// next/* import) throws a FrescoError whose message says what to do; Vite and Rolldown wrap it
// ("Build failed with 1 error: [plugin …] Errored while resolving … Caused by: …") with their stack,
// and Vite logs "✗ Build failed in 1.2s" first. The user should read our one message first, alone.
import { createLogger, type Logger } from 'vite'
import { FrescoError } from '../errors.js'

/** The FrescoError inside a bundler error (its `errors` list and `cause` chain), if there is one. */
export function frescoErrorIn(error: unknown, depth = 0): FrescoError | undefined {
  if (error instanceof FrescoError) return error
  if (!error || typeof error !== 'object' || depth > 8) return undefined
  const { errors, cause } = error as { errors?: unknown; cause?: unknown }
  for (const inner of Array.isArray(errors) ? errors : []) {
    const found = frescoErrorIn(inner, depth + 1)
    if (found) return found
  }
  return frescoErrorIn(cause, depth + 1)
}

/** Rethrows a bundler error as the FrescoError it carries (unchanged otherwise). */
export function unwrapBuildError(error: unknown): never {
  throw frescoErrorIn(error) ?? error
}

/**
 * Vite's logger without its "✗ Build failed in …" line: the CLI reports every failed build itself
 * (the Fresco message, or the bundler's error with its stack), so the line only pushed the reason down.
 */
export function buildLogger(level: 'info' | 'warn'): Logger {
  const logger = createLogger(level)
  const error = logger.error
  logger.error = (message, options) => {
    if (/Build failed in /.test(message)) return
    error(message, options)
  }
  return logger
}
