// --port / PORT and --hostname, shared by dev and start; --workers (start only).
import { availableParallelism } from 'node:os'
import { parsePort, readPort } from '../config/env.js'
import { invalidPortError, invalidWorkersError } from '../errors.js'

export interface ServerFlags {
  port?: string
  hostname?: string
  workers?: string
}

export const DEFAULT_PORT = 3000
/** Every interface: what a server in a container or behind a proxy needs (Next does the same). */
export const DEFAULT_HOSTNAME = '0.0.0.0'

export function resolveServerOptions(
  flags: ServerFlags,
  env = process.env,
): { port: number; hostname: string } {
  const hostname = flags.hostname ?? DEFAULT_HOSTNAME
  // One rule for --port and PORT (parsePort in config/env.ts): 0 to 65535, 0 = any free port.
  if (flags.port === undefined) return { port: readPort(env.PORT, DEFAULT_PORT), hostname }
  if (flags.port === '') return { port: DEFAULT_PORT, hostname }
  const port = parsePort(flags.port)
  if (port === undefined) throw invalidPortError(flags.port)
  return { port, hostname }
}

/**
 * How many processes `fresco start` serves with: --workers, else the config's `workers`; 'auto' is
 * one per core node may use (os.availableParallelism()).
 */
export function resolveWorkers(
  flag: string | undefined,
  configured: number | 'auto',
  cores = availableParallelism(),
): number {
  let value: number | 'auto' = configured
  if (flag !== undefined) {
    if (flag === 'auto') value = 'auto'
    else if (/^[1-9]\d{0,3}$/.test(flag)) value = Number(flag)
    else throw invalidWorkersError(flag)
  }
  return value === 'auto' ? Math.max(1, cores) : value
}
