// A variant of e2e/harness/app.ts for many instances of ONE build: the fixture (app/ plus its
// fresco.config.ts) in a temp folder linked to a shared install of the tarballs, React and ioredis
// (the Redis client is an optional peer: the harness's shared install has none), built once, then
// `fresco start` started directly with node (not through npx) so each instance's pid is the
// server's own and a test can SIGKILL it mid-render.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import {
  freePort,
  type Got,
  get,
  type Proc,
  packTarballs,
  repoRoot,
  runProc,
  spawnProc,
  type Tarballs,
  workDir,
} from '../harness/index.js'

const COPIED = ['app', 'pages', 'public', 'lib', 'fresco.config.ts']
const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']

const version = (pkg: string) =>
  JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')).version as string

/** One install per package content (plus ioredis), reused by later runs. */
async function clusterDeps(t: Tarballs): Promise<string> {
  const dir = join(workDir, `deps-cluster-${t.hash}`)
  if (existsSync(join(dir, '.installed'))) return dir
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: basename(dir), private: true })}\n`)
  const react = version('react')
  const deps = [t.cache, t.fresco, `react@${react}`, `react-dom@${react}`, `ioredis@${version('ioredis')}`]
  const { code, output } = await runProc('npm', ['install', ...deps, ...INSTALL_FLAGS], {
    cwd: dir,
    label: 'npm install (cluster)',
  })
  if (code !== 0) throw new Error(`npm install in ${dir} failed (${code}):\n${output}`)
  writeFileSync(join(dir, '.installed'), new Date().toISOString())
  return dir
}

export interface Instance {
  name: string
  url: string
  port: number
  proc: Proc
  /** The server process itself. */
  pid: number
  get(path: string, init?: RequestInit): Promise<Got>
  /** SIGKILL: a crash, no graceful shutdown, no lease release. */
  crash(): Promise<void>
  /** SIGTERM: graceful shutdown. */
  stop(): Promise<void>
}

export interface ClusterApp {
  dir: string
  build(env: Record<string, string>): Promise<{ code: number | string; output: string }>
  /** The build id written by `fresco build` (route keys carry it). */
  buildId(): string
  start(name: string, env: Record<string, string>, port?: number): Promise<Instance>
  cleanup(): Promise<void>
}

export async function createClusterApp(fixtureDir: string): Promise<ClusterApp> {
  const deps = await clusterDeps(await packTarballs())
  const dir = mkdtempSync(join(tmpdir(), `fresco-e2e-${basename(fixtureDir)}-`))
  for (const name of COPIED)
    if (existsSync(join(fixtureDir, name)))
      cpSync(join(fixtureDir, name), join(dir, name), { recursive: true })
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: basename(dir), type: 'module' })}\n`)
  symlinkSync(join(deps, 'node_modules'), join(dir, 'node_modules'), 'dir')
  const frescoPkg = realpathSync(join(deps, 'node_modules', '@fresco', 'framework'))
  const pkg = JSON.parse(readFileSync(join(frescoPkg, 'package.json'), 'utf8'))
  const bin = join(frescoPkg, typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.fresco)
  const instances = new Set<Instance>()

  return {
    dir,
    build: (env) => runProc(process.execPath, [bin, 'build'], { cwd: dir, env, label: 'fresco build' }),
    buildId: () => readFileSync(join(dir, '.fresco', 'build-id'), 'utf8').trim(),
    async start(name, env, fixedPort) {
      const port = fixedPort ?? (await freePort())
      const proc = spawnProc(process.execPath, [bin, 'start', '--port', String(port)], {
        cwd: dir,
        env: { ...env, INSTANCE: name },
        label: `fresco start ${name}`,
      })
      const url = `http://127.0.0.1:${port}`
      const deadline = Date.now() + 60_000
      for (;;) {
        if (proc.child.exitCode !== null)
          throw new Error(`${name} exited (${proc.child.exitCode}):\n${proc.output().slice(-4000)}`)
        try {
          await (await fetch(url, { signal: AbortSignal.timeout(5000) })).arrayBuffer()
          break
        } catch {
          if (Date.now() > deadline) {
            await proc.stop()
            throw new Error(`${name} did not answer on ${url} within 60 s:\n${proc.output().slice(-4000)}`)
          }
          await new Promise((r) => setTimeout(r, 200))
        }
      }
      const instance: Instance = {
        name,
        url,
        port,
        proc,
        pid: proc.child.pid!,
        get: (path, init) => get(url + path, init),
        async crash() {
          instances.delete(instance)
          if (proc.child.exitCode !== null || proc.child.signalCode !== null) return
          proc.child.kill('SIGKILL')
          await proc.exited
        },
        async stop() {
          instances.delete(instance)
          await proc.stop()
        },
      }
      instances.add(instance)
      return instance
    },
    async cleanup() {
      await Promise.all([...instances].map((i) => i.stop()))
      if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const clusterFixture = (name: string) => join(repoRoot, 'e2e', 'fixtures', name)
