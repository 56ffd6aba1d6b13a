// A fixture app in a fresh folder outside the repository, with the packed tarballs installed, built with
// `npx fresco build` and served by `npx fresco start` as a real process.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { freePort, type Got, get } from './http.js'
import { packTarballs, repoRoot, type Tarballs, workDir } from './pack.js'
import { type Proc, runProc, spawnProc } from './processes.js'

const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']
// src/, tsconfig.json and next.config.* for apps laid out as Next's create-next-app makes them.
const COPIED = [
  'app',
  'pages',
  'public',
  'lib',
  'src',
  'tsconfig.json',
  'next.config.mjs',
  'next.config.js',
  'next.config.ts',
  'middleware.ts',
  'proxy.ts',
  'instrumentation.ts',
  'fresco.config.ts',
]

/** The examples' tsconfig.json extends the repository's (../../tsconfig.app.json): not part of the app. */
function repoOnly(fixtureDir: string, name: string): boolean {
  if (name !== 'tsconfig.json') return false
  return /"extends"\s*:\s*"\.\.\//.test(readFileSync(join(fixtureDir, name), 'utf8'))
}

function reactVersion(): string {
  // The same React the repository tests with, so installs are served from the warm npm cache.
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'react', 'package.json'), 'utf8'))
  return pkg.version as string
}

async function npmInstall(dir: string, t: Tarballs, extra: string[] = []): Promise<void> {
  const v = reactVersion()
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: basename(dir), private: true }, null, 2)}\n`,
  )
  const { code, output } = await runProc(
    'npm',
    ['install', t.cache, t.fresco, `react@${v}`, `react-dom@${v}`, ...extra, ...INSTALL_FLAGS],
    { cwd: dir, label: 'npm install' },
  )
  if (code !== 0) throw new Error(`npm install in ${dir} failed (${code}):\n${output}`)
}

const installs = new Map<string, Promise<string>>()

/** One real install of the tarballs per package content, shared (through a symlink) by the fixtures of a run. */
function sharedDeps(t: Tarballs): Promise<string> {
  let p = installs.get(t.hash)
  if (!p) {
    p = (async () => {
      const dir = join(workDir, `deps-${t.hash}`)
      if (existsSync(join(dir, '.installed'))) return dir
      // Installed beside the final folder, then renamed into place: concurrent runs never see half an install.
      const scratch = `${dir}.tmp-${process.pid}`
      rmSync(scratch, { recursive: true, force: true })
      mkdirSync(scratch, { recursive: true })
      await npmInstall(scratch, t)
      writeFileSync(join(scratch, '.installed'), new Date().toISOString())
      try {
        renameSync(scratch, dir)
      } catch {
        rmSync(scratch, { recursive: true, force: true }) // another run finished first: use its install
        if (!existsSync(join(dir, '.installed')))
          throw new Error(`could not install the tarballs into ${dir}`)
      }
      return dir
    })()
    installs.set(t.hash, p)
  }
  return p
}

export interface BuildResult {
  code: number | string
  output: string
}

export interface Server {
  url: string
  port: number
  proc: Proc
  /** GET (or any method through init) of a path on this server; redirects are not followed. */
  get(path: string, init?: RequestInit): Promise<Got>
  stop(): Promise<void>
}

export interface App {
  dir: string
  tarballs: Tarballs
  build(env?: Record<string, string>): Promise<BuildResult>
  /** `args`: more `fresco start` flags, e.g. ['--workers', '2']. */
  start(env?: Record<string, string>, port?: number, args?: string[]): Promise<Server>
  cleanup(): Promise<void>
}

/**
 * Copies a fixture (its app/, pages/, public/, lib/ and src/ folders, tsconfig.json, next.config.*, middleware.ts / proxy.ts, instrumentation.ts and fresco.config.ts only) into a fresh temp folder and installs the packed
 * tarballs and React there. `fresh: true` runs npm install in the app folder itself; otherwise the folder
 * links one shared installation (the same tarballs and React), which keeps a run within minutes on 2 cores.
 */
export async function createApp(
  fixtureDir: string,
  opts: {
    fresh?: boolean /** more packages for the fresh install, e.g. `typescript@5.9.3` */
    extra?: string[]
  } = {},
): Promise<App> {
  const tarballs = await packTarballs()
  const dir = mkdtempSync(join(tmpdir(), `fresco-e2e-${basename(fixtureDir)}-`))
  for (const name of COPIED) {
    if (!existsSync(join(fixtureDir, name)) || repoOnly(fixtureDir, name)) continue
    cpSync(join(fixtureDir, name), join(dir, name), { recursive: true })
  }
  if (opts.fresh) await npmInstall(dir, tarballs, opts.extra)
  else {
    const deps = await sharedDeps(tarballs)
    // "type": "module" as most apps have; the fresh install (packaging test) keeps npm's default instead.
    const pkg = JSON.parse(readFileSync(join(deps, 'package.json'), 'utf8'))
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ ...pkg, name: basename(dir), type: 'module' }, null, 2)}\n`,
    )
    symlinkSync(join(deps, 'node_modules'), join(dir, 'node_modules'), 'dir')
  }
  const servers = new Set<Server>()

  return {
    dir,
    tarballs,
    async build(env = {}) {
      return runProc('npx', ['--no-install', 'fresco', 'build'], { cwd: dir, env, label: 'fresco build' })
    },
    async start(env = {}, fixedPort?: number, args: string[] = []) {
      const server = await startIn(dir, env, fixedPort, args)
      servers.add(server)
      const stop = server.stop
      server.stop = () => {
        servers.delete(server)
        return stop()
      }
      return server
    },
    async cleanup() {
      await Promise.all([...servers].map((s) => s.stop()))
      if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** `npx fresco start --port <port>` in an installed and built app folder, resolved once it answers. */
export async function startIn(
  dir: string,
  env: Record<string, string> = {},
  fixedPort?: number,
  args: string[] = [],
): Promise<Server> {
  const port = fixedPort ?? (await freePort())
  const proc = spawnProc('npx', ['--no-install', 'fresco', 'start', '--port', String(port), ...args], {
    cwd: dir,
    env,
    label: 'fresco start',
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (proc.child.exitCode !== null) {
      throw new Error(`fresco start exited (${proc.child.exitCode}):\n${proc.output().slice(-4000)}`)
    }
    try {
      await (await fetch(url, { signal: AbortSignal.timeout(5000) })).arrayBuffer()
      break
    } catch {
      if (Date.now() > deadline) {
        await proc.stop()
        throw new Error(`fresco start did not answer on ${url} within 60 s:\n${proc.output().slice(-4000)}`)
      }
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  return { url, port, proc, get: (path, init) => get(url + path, init), stop: () => proc.stop() }
}

export const fixture = (name: string) => join(repoRoot, 'e2e', 'fixtures', name)

/** `npx fresco start --port <free port>` of a built app, resolved once it answers (same as `app.start`). */
export const startServer = (app: App, env?: Record<string, string>, port?: number) => app.start(env, port)
