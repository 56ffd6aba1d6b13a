#!/usr/bin/env node
// fresco dev | build | start. Commands are imported lazily: `fresco start` never loads Vite.
import { parseArgs } from 'node:util'
import { unknownCommandError } from '../errors.js'

const USAGE = `Usage: fresco <command> [options]

Commands:
  dev     Start the development server (Vite, HMR; pages render on every request)
  build   Build the app and prerender static and ISR routes into .fresco/
  start   Serve the build (.fresco/) in production
  cache   Inspect and purge the cache: ls, show, purge, stats (fresco cache --help)

Options:
  -p, --port <n>       Port (dev and start; default: PORT or 3000)
  -H, --hostname <h>   Interface to bind (default 0.0.0.0: every interface, as containers need)
  -w, --workers <n>    start: processes serving the app, or 'auto' (one per core); default 1
                       or the config's workers. Without Redis they share one cache.
  -h, --help           Show this help
`

async function main(argv: string[]): Promise<void> {
  // Its own options (--json, --tag): parsed by cli/cache.ts.
  if (argv[0] === 'cache') return (await import('./cache.js')).runCache(argv.slice(1))
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      hostname: { type: 'string', short: 'H' },
      workers: { type: 'string', short: 'w' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, dir] = positionals
  if (values.help || !command) {
    process.stdout.write(USAGE)
    return
  }
  const root = dir ? (await import('node:path')).resolve(dir) : process.cwd()
  const server = { port: values.port, hostname: values.hostname }
  switch (command) {
    case 'build':
      return (await import('./build.js')).runBuild(root)
    case 'start':
      return (await import('./start.js')).runStart(root, { ...server, workers: values.workers })
    case 'dev':
      return (await import('./dev.js')).runDev(root, server)
    default:
      throw unknownCommandError(command)
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.message.startsWith('[fresco]') ? error.message : error.stack) : String(error)}\n`,
  )
  process.exitCode = 1
  // Whatever the failed command left open (watchers, sockets) must not keep a failed CLI running.
  setTimeout(() => process.exit(1), 2000).unref()
})
