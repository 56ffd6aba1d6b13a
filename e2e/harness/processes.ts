// Child processes started by the harness: output captured, killed by id on stop and at exit.
import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

export interface Proc {
  child: ChildProcess
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>
  stop(): Promise<void>
}

const live = new Set<ChildProcess>()

/** The environment a user's shell would have: without what Vitest sets for its own workers (NODE_ENV=test, VITEST*). */
function cleanEnv(): Record<string, string | undefined> {
  const env = { ...process.env }
  delete env.NODE_ENV
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST') delete env[key]
  return env
}
/**
 * Each child leads its own process group, and signals go to the whole group: `npx fresco start`
 * is npx plus the node server it spawns, and killing only npx would leave the server running.
 */
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, sig)
  } catch {
    child.kill(sig)
  }
}
process.on('exit', () => {
  for (const child of live) signal(child, 'SIGKILL')
})

export function spawnProc(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; label: string },
): Proc {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: { ...cleanEnv(), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  live.add(child)
  let out = ''
  const append = (d: Buffer) => {
    out += d.toString()
    if (process.env.E2E_DEBUG) process.stderr.write(`[${opts.label}] ${d}`)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child)
      resolve(code ?? signal ?? 'unknown')
    })
    child.on('error', (e) => {
      out += `\n[harness] could not start ${cmd}: ${e.message}\n`
      live.delete(child)
      resolve('spawn-error')
    })
  })
  return {
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      signal(child, 'SIGTERM')
      const timer = setTimeout(() => signal(child, 'SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Runs a command to completion; never throws, the caller judges the exit code. */
export async function runProc(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; label: string },
): Promise<{ code: number | string; output: string }> {
  const proc = spawnProc(cmd, args, opts)
  const code = await proc.exited
  return { code, output: proc.output() }
}

/**
 * The nice value of each thread of a running process (Linux: /proc/<pid>/task/<tid>/stat, field
 * 19): the thread that answers (the process's own id) apart from the others.
 */
export function threadNiceValues(pid: number): { main: number; others: number[] } {
  const nice = (tid: string) =>
    Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16])
  const others = readdirSync(`/proc/${pid}/task`).filter((tid) => tid !== String(pid))
  return { main: nice(String(pid)), others: others.map(nice) }
}
