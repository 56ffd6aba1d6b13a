#!/usr/bin/env node
// `fresco start --workers 1` vs `--workers 2` on this machine: HIT req/s (one cached page) and
// on-demand pages/s (distinct never-cached pages, each a render), against a bare node:http server
// replaying the same HIT bytes (and a bare node:cluster of 2 for the unpinned case), all in one run.
// Two placements, measured in alternating rounds:
//   pinned   — every server process on CPU 0 (`taskset -c 0`, workers included), wrk on CPU 1: the
//              project's usual setup; 2 workers can only show their overhead here.
//   unpinned — servers and wrk share both cores (the only way 2 workers can use 2 cores on a
//              2-core machine; wrk takes part of a core, so this is a floor for a real 2-core box).
// CPU per request is the server's whole process tree (primary + workers) from /proc.
// Writes the "## Workers" section of bench/RESULTS.md.
//
//   node bench/workers.mjs [--duration 3] [--rounds 3] [--connections 50] [--render-connections 8] [--no-write]
import { spawn, spawnSync } from 'node:child_process'
import cluster from 'node:cluster'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { appRouterPostFiles, freePort, frescoBin, replayCaptured, stop } from './lib.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const CLI = frescoBin(root)
const LUA = join(root, 'bench/workers.lua')
const { values: opts } = parseArgs({
  options: {
    serve: { type: 'string' }, // internal: the bare server, replaying a captured response
    port: { type: 'string' },
    processes: { type: 'string', default: '1' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    'render-connections': { type: 'string', default: '8' },
    'no-write': { type: 'boolean', default: false },
  },
})

if (opts.serve) {
  // The baseline: node:http answering the captured bytes, in 1 process or a node:cluster of N.
  if (cluster.isPrimary && Number(opts.processes) > 1) {
    for (let i = 0; i < Number(opts.processes); i++) cluster.fork()
    let listening = 0
    cluster.on('listening', () => {
      if (++listening === Number(opts.processes)) console.log('ready')
    })
  } else replayCaptured(opts.serve, Number(opts.port), () => cluster.isPrimary && console.log('ready'))
  await new Promise(() => {})
}

const log = (line) => console.log(`[workers] ${line}`)
const children = new Set()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})

const files = appRouterPostFiles('bench-workers')

const cpuOf = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100 // utime+stime ticks → µs (USER_HZ 100)
  } catch {
    return 0 // exited meanwhile
  }
}
/** `pid` and every process below it (npx-free: the servers are started with node directly). */
function tree(pid) {
  const parents = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const ppid = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ')[1])
      parents.set(Number(name), ppid)
    } catch {}
  }
  const out = [pid]
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parents) if (pp === out[i]) out.push(p)
  return out
}
const treeCpu = (pids) => pids.reduce((sum, p) => sum + cpuOf(p), 0)
const rssMb = (pids) =>
  pids.reduce((sum, p) => {
    try {
      return sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) / 1024
    } catch {
      return sum
    }
  }, 0)
/** Every thread of every process of the tree on `cpus` (taskset -a -p). */
const pin = (pids, cpus) => {
  for (const p of pids) spawnSync('taskset', ['-a', '-p', '-c', cpus, String(p)], { stdio: 'ignore' })
}

function start(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NODE_ENV: 'production' } })
    children.add(child)
    let out = ''
    const onData = (d) => {
      out += d
      if (/ready/.test(out)) resolve(child)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)))
  })
}

function wrk(port, { connections, seconds, script, offset, cpu }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency']
  if (script) args.push('-s', script)
  args.push(`http://127.0.0.1:${port}/posts/1`)
  if (script) args.push('--', String(offset))
  const cmd = cpu === undefined ? ['wrk', args] : ['taskset', ['-c', cpu, 'wrk', ...args]]
  const out = spawnSync(cmd[0], cmd[1], { encoding: 'utf8' }).stdout
  if (/Non-2xx/.test(out)) throw new Error(out)
  const ms = (q) => {
    const m = new RegExp(`\\s${q}%\\s+([\\d.]+)(us|ms|s)`).exec(out)
    return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : Number.NaN
  }
  return {
    requests: Number(/(\d+) requests in/.exec(out)?.[1]),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p99: ms(99),
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

const base = mkdtempSync(join(tmpdir(), 'fresco-workers-bench-'))
try {
  spawnSync('npx', ['tsc', '-b', 'packages/cache', 'packages/fresco'], { cwd: root, stdio: 'ignore' })
  const built = join(base, 'built')
  mkdirSync(built)
  symlinkSync(join(root, 'node_modules'), join(built, 'node_modules'), 'dir')
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(built, file)), { recursive: true })
    writeFileSync(join(built, file), text)
  }
  const build = spawnSync(process.execPath, [CLI, 'build'], {
    cwd: built,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (build.status !== 0) throw new Error(`fresco build failed:\n${build.stdout}${build.stderr}`)
  // One copy of the build per server: each primary owns its own cache directory.
  const copy = (name) => {
    const dir = join(base, name)
    cpSync(built, dir, { recursive: true, verbatimSymlinks: true })
    return dir
  }
  log('built')

  const servers = {}
  for (const workers of [1, 2]) {
    const port = await freePort()
    const child = await start(
      [CLI, 'start', '--port', String(port), '--hostname', '127.0.0.1', '--workers', String(workers)],
      copy(`w${workers}`),
    )
    servers[`fresco${workers}`] = { child, port, label: `\`fresco start --workers ${workers}\`` }
  }
  const first = await fetch(`http://127.0.0.1:${servers.fresco1.port}/posts/1`)
  const body = Buffer.from(await first.arrayBuffer())
  if (first.headers.get('x-fresco-cache') !== 'HIT')
    throw new Error(`expected a HIT, got ${first.headers.get('x-fresco-cache')}`)
  const capture = join(base, 'captured.json')
  writeFileSync(
    capture,
    JSON.stringify({
      status: first.status,
      headers: [...first.headers].flat(),
      body: body.toString('base64'),
    }),
  )
  for (const processes of [1, 2]) {
    const port = await freePort()
    const child = await start(
      [
        fileURLToPath(import.meta.url),
        '--serve',
        capture,
        '--port',
        String(port),
        '--processes',
        String(processes),
      ],
      root,
    )
    servers[`bare${processes}`] = {
      child,
      port,
      label: processes === 1 ? 'bare node:http' : 'bare node:http, node:cluster of 2',
    }
  }
  for (const s of Object.values(servers)) s.pids = tree(s.child.pid)

  const placements = {
    pinned: { servers: '0', wrk: '1', hit: ['bare1', 'fresco1', 'fresco2'], render: ['fresco1', 'fresco2'] },
    unpinned: {
      servers: '0,1',
      wrk: undefined,
      hit: ['bare1', 'bare2', 'fresco1', 'fresco2'],
      render: ['fresco1', 'fresco2'],
    },
  }
  const results = { hit: {}, render: {} }
  const record = (kind, key, r) => {
    results[kind][key] = [...(results[kind][key] ?? []), r]
  }
  let offset = 0
  const seconds = Number(opts.duration)
  for (const [placement, plan] of Object.entries(placements)) {
    for (const s of Object.values(servers)) pin(s.pids, plan.servers)
    for (const name of plan.hit)
      wrk(servers[name].port, { connections: opts.connections, seconds: 1, cpu: plan.wrk }) // warm up
    for (let round = 0; round < Number(opts.rounds); round++) {
      const rotate = (names) => names.map((_, i) => names[(i + round) % names.length])
      for (const name of rotate(plan.hit)) {
        const s = servers[name]
        const cpu0 = treeCpu(s.pids)
        const r = wrk(s.port, { connections: opts.connections, seconds, cpu: plan.wrk })
        r.cpu = (treeCpu(s.pids) - cpu0) / r.requests
        record('hit', `${placement} ${name}`, r)
        log(
          `${placement} round ${round + 1} HIT ${name}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99.toFixed(2)} ms, ${r.cpu.toFixed(1)} µs/req`,
        )
      }
      for (const name of rotate(plan.render)) {
        const s = servers[name]
        offset += 1_000_000
        const cpu0 = treeCpu(s.pids)
        const r = wrk(s.port, {
          connections: opts['render-connections'],
          seconds,
          script: LUA,
          offset,
          cpu: plan.wrk,
        })
        r.cpu = (treeCpu(s.pids) - cpu0) / r.requests
        record('render', `${placement} ${name}`, r)
        log(
          `${placement} round ${round + 1} on-demand ${name}: ${r.rps.toFixed(0)} pages/s, p99 ${r.p99.toFixed(1)} ms, ${(r.cpu / 1000).toFixed(2)} ms CPU/page`,
        )
      }
    }
  }
  const rss = Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, rssMb(tree(s.child.pid))]))
  const stat = (kind, key, f) => median(results[kind][key].map((r) => r[f]))
  // CPU per request / page of each server over every round of both placements (the stable figure).
  const cpuPer = (kind, name) =>
    median(
      Object.entries(results[kind])
        .filter(([key]) => key.endsWith(` ${name}`))
        .flatMap(([, rs]) => rs.map((r) => r.cpu)),
    )
  const cpuOf1 = (kind) => cpuPer(kind, 'fresco1')
  const cpuOf2 = (kind) => cpuPer(kind, 'fresco2')
  const hitCeiling = (n) => Math.round((n * 1e6) / cpuPer('hit', `fresco${n}`) / 100) * 100
  const renderCeiling = (n) => Math.round((n * 1e6) / cpuPer('render', `fresco${n}`))
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

  const hitRows = Object.entries(placements).flatMap(([placement, plan]) =>
    plan.hit.map((name) => {
      const key = `${placement} ${name}`
      const bare = `${placement} bare1`
      return `| ${placement} | ${servers[name].label} | ${stat('hit', key, 'rps').toFixed(0)} | ${stat('hit', key, 'p99').toFixed(2)} | ${stat('hit', key, 'cpu').toFixed(1)} | ${(stat('hit', key, 'rps') / stat('hit', bare, 'rps')).toFixed(2)}× |`
    }),
  )
  const renderRows = Object.entries(placements).flatMap(([placement, plan]) =>
    plan.render.map((name) => {
      const key = `${placement} ${name}`
      const one = `${placement} fresco1`
      return `| ${placement} | ${servers[name].label} | ${stat('render', key, 'rps').toFixed(0)} | ${stat('render', key, 'p99').toFixed(1)} | ${(stat('render', key, 'cpu') / 1000).toFixed(2)} | ${(stat('render', key, 'rps') / stat('render', one, 'rps')).toFixed(2)}× |`
    }),
  )
  const part = `## Workers (issue 9, goal 4)

\`node bench/workers.mjs\`: the one-page app of "End to end" (a ${body.length}-byte page, revalidate 3600) served by
\`fresco start --workers 1\` and \`--workers 2\` (each with its own copy of the build and cache directory), a
bare node:http server replaying the same HIT bytes, and the same bare server as a node:cluster of 2. HIT:
wrk -t1 -c${opts.connections} on \`/posts/1\`; on demand: wrk -t1 -c${opts['render-connections']} on distinct never-cached \`/posts/<n>\`
(\`bench/workers.lua\`, every request a MISS that renders and stores a page). ${opts.duration} s per measurement, medians of
${opts.rounds} rotating rounds; CPU is the whole process tree (primary + workers) from /proc. This machine has 2 cores
and other sessions use them too (load average ${load} at the end).

- **pinned**: every server process (workers included) on CPU 0, wrk on CPU 1 — the project's usual placement.
  Two workers cannot use a second core here; the rows show what the extra process costs.
- **unpinned**: servers and wrk share both cores: the only placement in which 2 workers can use 2 cores on this
  machine, with wrk (and the other sessions) taking part of them: less than a dedicated 2-core server gets.

### HIT

| placement | server | req/s | p99 ms | server CPU µs/req | req/s vs bare (same placement) |
|---|---|---|---|---|---|
${hitRows.join('\n')}

### On-demand renders

| placement | server | pages/s | p99 ms | server CPU ms/page | pages/s vs 1 worker (same placement) |
|---|---|---|---|---|---|
${renderRows.join('\n')}

**What the CPU figures imply on dedicated cores** (derived, not measured here: a machine whose cores serve
only Fresco, load generated elsewhere): HITs at ${hitCeiling(1)} req/s on 1 core for 1 worker vs ${hitCeiling(2)} on 2 cores for 2
workers (${(hitCeiling(2) / hitCeiling(1)).toFixed(2)}×); renders at ${renderCeiling(1)} vs ${renderCeiling(2)} pages/s (${(renderCeiling(2) / renderCeiling(1)).toFixed(2)}×). A render costs
${((cpuOf2('render') / cpuOf1('render') - 1) * 100).toFixed(0)} % more CPU with workers (the new entry is copied to the primary over IPC, the store work runs there, three
round trips per cold page; a HIT ${((cpuOf2('hit') / cpuOf1('hit') - 1) * 100).toFixed(0)} %), so on this shared machine, where the second core is
mostly someone else's, the second worker buys less than that, or nothing for renders.

Profile (\`node --cpu-prof\` of the three processes, 600 cold pages at concurrency 8, 2 workers): the primary spends
its time on the store's file work (open, write, rename: what one process pays as well) and on receiving entries
(\`_readHostObject\`, channel parsing: ~0.5 ms a page); in the workers the largest new item is
\`writeChannelMessage\` (serializing and writing the entry to the IPC pipe); each small message costs ~40 µs of
CPU a side (a cluster round trip: ~80 µs in the sender). Cutting a cold render from five round trips to three
(the lease answer carries the entry; the owner's write ends its lease) took the extra CPU per render from
+35–56 % to the figure above, in runs on the same day. Decision: \`--workers\` stays 1 by default (memory ×N, more
CPU per render, and \`auto\` cannot see a container's CPU quota); it is the switch for a machine whose cores serve
Fresco (docs/guide/deploying.md, "Workers").

RSS after the run (whole tree): 1 worker ${rss.fresco1.toFixed(0)} MB, 2 workers ${rss.fresco2.toFixed(0)} MB (primary + 2 workers,
each worker with its own memory L1), bare ${rss.bare1.toFixed(0)} MB / ${rss.bare2.toFixed(0)} MB.

_Last run: ${new Date().toISOString().slice(0, 16)}Z._
`
  console.log(`\n${part}`)
  if (!opts['no-write']) {
    const file = join(root, 'bench', 'RESULTS.md')
    let text = readFileSync(file, 'utf8')
    const at = text.indexOf('## Workers (issue 9, goal 4)')
    if (at === -1) text = `${text.trimEnd()}\n\n${part}`
    else {
      const next = text.indexOf('\n## ', at + 1)
      text = text.slice(0, at) + part + (next === -1 ? '' : `\n${text.slice(next + 1)}`)
    }
    writeFileSync(file, text)
    log('wrote bench/RESULTS.md')
  }
} finally {
  await Promise.all([...children].map((c) => stop(c)))
  rmSync(base, { recursive: true, force: true })
}
