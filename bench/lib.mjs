// Helpers shared by the bench scripts: a free loopback port, a bounded child-process stop, server
// processes (optionally pinned to a core), wrk runs with the server's CPU per request, medians.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

/** A port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

/** SIGTERM, then SIGKILL after `graceMs` if the child is still running. */
export async function stop(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(t)
}

/** Starts `node args…` (optionally pinned to cores with taskset) and resolves once its output matches `ready`. */
export function startNode(args, { cwd, ready, children, cores }) {
  return new Promise((resolve, reject) => {
    const [cmd, argv] = cores
      ? ['taskset', ['-c', cores, process.execPath, ...args]]
      : [process.execPath, args]
    // taskset execs node, so the child's pid is the server's (for /proc/<pid>/stat).
    const child = spawn(cmd, argv, { cwd, env: { ...process.env, NODE_ENV: 'production' } })
    children.add(child)
    let out = ''
    const onData = (d) => {
      out += d
      if (ready.test(out)) resolve(child)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)))
  })
}

/** CPU time (user + system) a process has used, in µs, from /proc/<pid>/stat (USER_HZ 100). */
export function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100
}

/** One wrk run against `url`: req/s, p99 (ms) and the server's CPU µs per request. */
export function wrkRun(child, url, { seconds, connections, cores }) {
  const before = cpuOf(child.pid)
  const wrk = ['wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url]
  const [cmd, argv] = cores ? ['taskset', ['-c', cores, ...wrk]] : [wrk[0], wrk.slice(1)]
  const out = spawnSync(cmd, argv, { encoding: 'utf8' }).stdout
  if (/Non-2xx/.test(out)) throw new Error(out)
  const requests = Number(/(\d+) requests in/.exec(out)?.[1])
  const m = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out)
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p99: m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : Number.NaN,
    cpu: (cpuOf(child.pid) - before) / requests,
  }
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** The bare baseline: a node:http server answering every request with one captured response. */
export function serveReplay(captureFile, port) {
  const { status, headers, body } = JSON.parse(readFileSync(captureFile, 'utf8'))
  const bytes = Buffer.from(body, 'base64')
  createServer((_req, res) => {
    res.writeHead(status, headers)
    res.end(bytes)
  }).listen(port, '127.0.0.1', () => console.log('ready'))
  return new Promise(() => {})
}

/** The markup of the bench's post page (~12 KB of HTML), in JSX, reading `id`. */
export const POST_MARKUP = `<main><h1>Post {id}</h1>{Array.from({ length: 120 }, (_, i) => (
    <article key={i}><h2>Section {i}</h2><p>Incremental Static Regeneration serves this page from cache.</p></article>
  ))}</main>`

/** The App Router bench app: a root layout and `/posts/[id]` (revalidate 3600, `/posts/1` prerendered). */
export function appRouterPostFiles(name) {
  return {
    'package.json': JSON.stringify({ name, private: true, type: 'module' }),
    'app/layout.tsx': `export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>
}`,
    'app/posts/[id]/page.tsx': `export const revalidate = 3600
export function generateStaticParams() { return [{ id: '1' }] }
export default async function Post({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return ${POST_MARKUP}
}`,
  }
}
