import type { Logger } from './types.js'

export interface LoggerOptions {
  /** Print debug lines. Default: `process.env.FRESCO_DEBUG_CACHE` is `1` or `true`. */
  debug?: boolean
  /** Where lines go. Default: the console. */
  sink?: Pick<Console, 'log' | 'warn' | 'error'>
}

const PREFIX = '[fresco:cache]'

function envDebug(): boolean {
  const value = typeof process === 'undefined' ? undefined : process.env.FRESCO_DEBUG_CACHE
  return value === '1' || value === 'true'
}

/** A console logger; debug lines only with FRESCO_DEBUG_CACHE=1 (read once, at creation). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const debugEnabled = options.debug ?? envDebug()
  const sink = options.sink ?? console
  return {
    debugEnabled,
    debug(message) {
      if (debugEnabled) sink.log(`${PREFIX} ${message}`)
    },
    warn(message) {
      sink.warn(`${PREFIX} ${message}`)
    },
    error(message, error) {
      if (error === undefined) sink.error(`${PREFIX} ${message}`)
      else sink.error(`${PREFIX} ${message}`, error)
    },
  }
}

export const consoleLogger: Logger = createLogger()

/** Discards everything (tests, benchmarks). */
export const silentLogger: Logger = { debugEnabled: false, debug() {}, warn() {}, error() {} }
