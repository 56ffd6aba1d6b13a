// Helpers shared by the bench scripts: a free loopback port, child processes (optionally pinned
// to a core), wrk runs and reports with the server's CPU per request, medians, a bounded
// child-process stop, the one-page app of serve-app.mjs and workers.mjs, the bare server replaying
// a captured answer, and writing one section of RESULTS.md.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, join } from 'node:path'

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

/** Spawns a child whose stdout+stderr is kept (child.output()); `children` tracks it for a SIGKILL at exit. */
export function startChild(children, name, cmd, args, { cwd, env }) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (d) => {
    output += d
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  children.add(child)
  child.on('exit', () => children.delete(child))
  child.output = () => output
  child.label = name
  return child
}

/** Polls `url` until it answers (any status), failing early if `child` exits. */
export async function waitFor(url, ms, child) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`${child.label} exited:\n${child.output().slice(-3000)}`)
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      return
    } catch {
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  throw new Error(`${url} did not answer within ${ms / 1000}s`)
}

/** wrk's report → { rps, p50, p99 } in ms; throws on non-2xx answers or when nothing was measured. */
export function parseWrk(out, url) {
  const toMs = (v, unit) => Number(v) * { us: 0.001, ms: 1, s: 1000 }[unit]
  const pct = (p) => {
    const m = out.match(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm'))
    return m ? toMs(m[1], m[2]) : Number.NaN
  }
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1])
  const non2xx = Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0)
  const errors = out.match(/Socket errors:.*$/m)?.[0]
  if (non2xx > 0) throw new Error(`wrk saw ${non2xx} non-2xx responses from ${url}`)
  if (!(rps > 0)) throw new Error(`wrk measured nothing at ${url}:\n${out}`)
  return { rps, p50: pct(50), p99: pct(99), errors: errors ?? null }
}

/** The `fresco` CLI of the workspace (bench apps resolve it through the repository's node_modules). */
export function frescoBin(root) {
  const pkgFile = join(root, 'node_modules', '@fresco', 'framework', 'package.json')
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'))
  return join(dirname(pkgFile), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.fresco)
}

/** Runs a command to completion without blocking the event loop (a CMS may live in this process). */
export async function runTimed(children, log, label, cmd, args, { cwd, env }) {
  log(`${label}: ${cmd} ${args.join(' ')}`)
  const t0 = performance.now()
  const child = startChild(children, label, cmd, args, { cwd, env })
  const code = await new Promise((r) => child.once('exit', r))
  const seconds = (performance.now() - t0) / 1000
  if (code !== 0) throw new Error(`${label} failed (${code}):\n${child.output().slice(-4000)}`)
  log(`${label}: ${seconds.toFixed(1)} s`)
  return { seconds, output: child.output() }
}

/**
 * The bare baseline: node:http answering the status, headers and body captured in `file` (JSON,
 * body base64) on 127.0.0.1:`port`; `onListening` runs once it listens.
 */
export function replayCaptured(file, port, onListening) {
  const { status, headers, body } = JSON.parse(readFileSync(file, 'utf8'))
  const bytes = Buffer.from(body, 'base64')
  createServer((_req, res) => {
    res.writeHead(status, headers)
    res.end(bytes)
  }).listen(port, '127.0.0.1', onListening)
}

/** Replace the section starting with `heading` (a `## ` line) in bench/RESULTS.md, or append it. */
export function writeResultsSection(heading, text) {
  const file = new URL('./RESULTS.md', import.meta.url)
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\n'
  const start = current.indexOf(heading)
  let next
  if (start === -1) next = `${current.trimEnd()}\n\n${text}`
  else {
    const after = current.indexOf('\n## ', start + 1)
    next = current.slice(0, start) + text + (after === -1 ? '' : `\n${current.slice(after + 1)}`)
  }
  writeFileSync(file, `${next.trimEnd()}\n`)
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

/**
 * `fresco start` of the CLI `cli` in the built app `dir`, pinned to core 0, resolved once `path`
 * answers a HIT: `[child, port]`.
 */
export async function startHitServer(cli, dir, { children, path = '/posts/1' }) {
  const port = await freePort()
  const child = await startNode([cli, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: dir,
    ready: /ready on/,
    children,
    cores: '0',
  })
  const res = await fetch(`http://127.0.0.1:${port}${path}`)
  await res.arrayBuffer()
  if (res.headers.get('x-fresco-cache') !== 'HIT') throw new Error(`${dir}: expected a HIT`)
  return [child, port]
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
  replayCaptured(captureFile, port, () => console.log('ready'))
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
