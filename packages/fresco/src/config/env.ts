// Environment variables Fresco reads, validated like config keys: PORT, REDIS_URL and
// FRESCO_DEBUG_CACHE. A typo in a deployment's environment stops the command, never guesses.
import { invalidEnvError } from '../errors.js'

export type Env = Record<string, string | undefined>

export const isRedisUrl = (v: string) => /^rediss?:\/\/./.test(v)

export function readRedisUrlEnv(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  if (!isRedisUrl(value)) throw invalidEnvError('REDIS_URL', value, 'Use a redis:// or rediss:// URL.')
  return value
}

/** The one port rule of PORT and --port: a whole number from 0 to 65535 (0 = any free port). */
export function parsePort(value: string): number | undefined {
  const port = Number(value)
  return /^\d+$/.test(value) && port <= 65535 ? port : undefined
}

export function readPort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const port = parsePort(value)
  if (port !== undefined) return port
  throw invalidEnvError('PORT', value, 'Use a port number from 0 to 65535 (0: any free port).')
}

export function readFlag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false
  if (value === '1' || value === 'true') return true
  throw invalidEnvError(name, value, "Use '1' or 'true' to enable it, '0' or 'false' to disable it.")
}

/** KEEP_ALIVE_TIMEOUT (standalone server.js, as Next's): the idle keep-alive timeout in ms, unset = node's 5 s. */
export function readKeepAliveTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  if (/^\d{1,9}$/.test(value)) return Number(value)
  throw invalidEnvError(
    'KEEP_ALIVE_TIMEOUT',
    value,
    "Use a whole number of milliseconds, above your load balancer's idle timeout (e.g. 65000 behind one that closes idle connections after 60 s).",
  )
}
