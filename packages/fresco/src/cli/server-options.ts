// --port / PORT and --hostname, shared by dev and start.
import { parsePort, readPort } from '../config/env.js'
import { invalidPortError } from '../errors.js'

export interface ServerFlags {
  port?: string
  hostname?: string
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
