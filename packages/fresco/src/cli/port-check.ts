// `fresco dev` checks its port before Vite starts: a failed listen after Vite's dependency scan has
// begun prints Vite's own stack ahead of ours. The listen in dev.ts still maps a port lost in between.
import { createServer } from 'node:net'
import { listenError } from '../errors.js'

export function assertPortFree(port: number, hostname: string): Promise<void> {
  if (port === 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(listenError(error.code, hostname, port, error)),
    )
    probe.listen(port, hostname, () => probe.close(() => resolve()))
  })
}
