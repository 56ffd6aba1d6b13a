// create-fresco [folder] [--app | --pages]: what `npm create fresco` runs (through bin.ts). No prompts and
// no network: it writes the files and says what to run next (npm install fetches the packages).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { CreateFrescoError, scaffold } from './scaffold.js'
import type { Router } from './templates.js'

export const DEFAULT_FOLDER = 'my-fresco-app'

const USAGE = `Usage: npm create fresco [folder] [-- --app | --pages]
       (or: npx create-fresco [folder] [--app | --pages])

Creates a Fresco app in <folder> (default: ${DEFAULT_FOLDER}), which must be new or empty.

Options:
  --app      App Router: app/layout.tsx, app/page.tsx, an ISR page (default)
  --pages    Pages Router: pages/index.tsx, an ISR page with getStaticProps
  -h, --help Show this help
`

interface Output {
  out(text: string): void
  err(text: string): void
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  return pkg.version as string
}

function nextSteps(folder: string, cwd: string, router: Router, files: string[]): string {
  const dir = path.resolve(cwd, folder)
  const shown = path.isAbsolute(folder) ? dir : path.relative(cwd, dir)
  const cd = dir === path.resolve(cwd) ? [] : [`  cd ${/\s/.test(shown) ? JSON.stringify(shown) : shown}`]
  return [
    `Created ${dir} (${router === 'app' ? 'App Router' : 'Pages Router'}):`,
    ...files.map((f) => `  ${f}`),
    '',
    'Next steps:',
    ...cd,
    '  npm install',
    '  npm run dev                  # development server on http://localhost:3000',
    '  npm run build && npm start   # production: prerender, then serve with ISR',
    '',
  ].join('\n')
}

/** Runs the command; returns the exit code. `cwd` and `io` are parameters so tests can drive it. */
export function run(argv: string[], cwd: string, io: Output): number {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    io.err(`[create-fresco] ${(error as Error).message}\n\n${USAGE}`)
    return 1
  }
  if (parsed.help) {
    io.out(USAGE)
    return 0
  }
  try {
    const files = scaffold(path.resolve(cwd, parsed.folder), parsed.router, version(), parsed.folder)
    io.out(nextSteps(parsed.folder, cwd, parsed.router, files))
    return 0
  } catch (error) {
    if (!(error instanceof CreateFrescoError)) throw error
    io.err(`[create-fresco] ${error.message}\n`)
    return 1
  }
}

function parse(argv: string[]): { folder: string; router: Router; help: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      app: { type: 'boolean' },
      pages: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.app && values.pages) throw new Error('--app and --pages exclude each other: choose one.')
  if (positionals.length > 1)
    throw new Error(`one folder expected, got ${positionals.length}: ${positionals.join(' ')}.`)
  return {
    folder: positionals[0] ?? DEFAULT_FOLDER,
    router: values.pages ? 'pages' : 'app',
    help: values.help === true,
  }
}
