// A throwaway app in a temp dir, built and served by the real CLI (the package's bin) in child
// processes, resolving fresco and react through the repository's node_modules.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, expect } from 'vitest'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
export const CLI = path.join(repo, 'packages/fresco/dist/cli/bin.cjs')

export async function createFixture(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'fresco-spine-'))
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir')
  const pkg = {
    name: 'fixture',
    private: true,
    type: 'module',
    dependencies: { '@fresco/framework': '*', react: '*', 'react-dom': '*' },
  }
  await writeFile(path.join(root, 'package.json'), JSON.stringify(pkg))
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true })
    await writeFile(path.join(root, file), text)
  }
  return root
}

export function removeFixture(root: string): Promise<void> {
  return rm(root, { recursive: true, force: true })
}

export function runBuild(root: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'build'],
      { cwd: root, env: { ...process.env, NODE_ENV: 'production' } },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          output: stdout + stderr,
        })
      },
    )
  })
}

export interface Started {
  url: string
  child: ChildProcess
  output: () => string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export function startServer(root: string): Promise<Started> {
  const child = spawn(process.execPath, [CLI, 'start', '--port', '0', '--hostname', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const m = /ready on (http:\/\/[^\s]+)/.exec(output)
      if (m?.[1]) {
        resolve({
          url: m[1].replace('localhost', '127.0.0.1'),
          child,
          output: () => output,
          stop: (signal = 'SIGTERM') =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode)
              child.once('exit', (code) => done(code))
              child.kill(signal)
            }),
        })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`fresco start exited with ${code}:\n${output}`)))
  })
}

/** Runs the CLI to its exit (a command expected to fail): exit code and everything it printed. */
export interface DevServer {
  url: string
  stop(): Promise<void>
}

/** `fresco dev` on a free port; resolves once Vite printed its URL. */
export function startDev(root: string): Promise<DevServer> {
  const dev = spawn(process.execPath, [CLI, 'dev', '--port', '0', '--hostname', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development' },
  })
  const stop = async () => {
    if (dev.exitCode !== null) return
    const exited = new Promise((done) => dev.once('exit', done))
    dev.kill('SIGTERM')
    await exited
  }
  return new Promise<DevServer>((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      // Vite prints the URL with ANSI colours: `➜  Local:   http://127.0.0.1:PORT/`.
      output += stripVTControlCharacters(chunk.toString())
      const m = /Local:\s+(http:\/\/[^\s/]+)/.exec(output)
      if (m?.[1]) resolve({ url: m[1], stop })
    }
    dev.stdout.on('data', onData)
    dev.stderr.on('data', onData)
    dev.once('exit', (code) => reject(new Error(`fresco dev exited with ${code}:\n${output}`)))
  })
}

export function runCli(root: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: root, env: { ...process.env } })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })))
}

export interface BuiltApp {
  readonly root: string
  readonly server: Started
  readonly url: string
  /** A request to the running app that does not follow redirects. */
  get(path: string, init?: RequestInit): Promise<Response>
}

/** One `fresco build` + `fresco start` of `files` for the whole test file, removed afterwards. */
export function buildAndServe(files: Record<string, string>, timeoutMs = 180_000): BuiltApp {
  let root: string | undefined
  let server: Started | undefined
  beforeAll(async () => {
    root = await createFixture(files)
    const build = await runBuild(root)
    expect(build.code, build.output).toBe(0)
    server = await startServer(root)
  }, timeoutMs)
  afterAll(async () => {
    await server?.stop()
    if (root) await removeFixture(root)
  })
  const started = () => {
    if (!server) throw new Error('buildAndServe: the app is not started yet (use it inside a test)')
    return server
  }
  return {
    get root() {
      if (!root) throw new Error('buildAndServe: no fixture yet')
      return root
    },
    get server() {
      return started()
    },
    get url() {
      return started().url
    },
    get: (path, init) => fetch(started().url + path, { redirect: 'manual', ...init }),
  }
}

export interface DevApp {
  readonly root: string
  readonly url: string
}

/** One `fresco dev` of `files` for the whole test file, removed afterwards. */
export function serveDev(files: Record<string, string>, timeoutMs = 120_000): DevApp {
  let root: string | undefined
  let dev: DevServer | undefined
  beforeAll(async () => {
    root = await createFixture(files)
    dev = await startDev(root)
  }, timeoutMs)
  afterAll(async () => {
    await dev?.stop()
    if (root) await removeFixture(root)
  })
  return {
    get root() {
      if (!root) throw new Error('serveDev: no fixture yet')
      return root
    },
    get url() {
      if (!dev) throw new Error('serveDev: the dev server is not started yet (use it inside a test)')
      return dev.url
    },
  }
}
