// --port / PORT and --hostname, shared by dev and start.
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
  const raw = flags.port ?? env.PORT
  let port = DEFAULT_PORT
  if (raw !== undefined && raw !== '') {
    port = Number(raw)
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidPortError(raw)
  }
  return { port, hostname: flags.hostname ?? DEFAULT_HOSTNAME }
}
