// Test helper: a throwaway redis-server on a free port, which tests can kill and restart on the
// same port to simulate outages. Not part of the package's public exports.
import { type ChildProcess, spawn } from 'node:child_process'
import { createConnection, createServer } from 'node:net'

export interface TestRedisServer {
  readonly port: number
  readonly url: string
  /** SIGKILL the server (a crash: no goodbye to clients). */
  kill(): Promise<void>
  /** Start it again on the same port, empty (no persistence). */
  restart(): Promise<void>
  /** SIGSTOP / SIGCONT: a Redis that accepts connections but never answers (slow or hung). */
  pause(): void
  resume(): void
  stop(): Promise<void>
}

const BIN = process.env.REDIS_SERVER_BIN ?? 'redis-server'

export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort()
  let child: ChildProcess | undefined = await launch(port)
  const kill = async (): Promise<void> => {
    const c = child
    child = undefined
    if (!c || c.exitCode !== null) return
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()))
    c.kill('SIGKILL')
    await exited
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    async restart() {
      await kill()
      child = await launch(port)
    },
    pause() {
      child?.kill('SIGSTOP')
    },
    resume() {
      child?.kill('SIGCONT')
    },
    stop: kill,
  }
}

async function launch(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  // Never leave a server behind if the test process dies without calling stop().
  const reap = () => child.kill('SIGKILL')
  process.once('exit', reap)
  child.once('exit', () => process.off('exit', reap))
  let output = ''
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString()
  })
  const deadline = Date.now() + 10_000
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${output}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`redis-server did not listen on ${port} within 10 s: ${output}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return child
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Poll until `check` holds (no fixed sleeps in tests); fails after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
