#!/usr/bin/env node
// The example blog as a small cluster: one Redis, the CMS, ONE `fresco build`, three
// `fresco start` instances of that build on their own ports, and a round-robin proxy in front
// (scripts/proxy.mjs) — what several instances behind a load balancer look like. Ctrl-C stops all.
//
//   node scripts/cluster.mjs [--skip-build] [--instances 3]
//   env: PORT (3000, the proxy), INSTANCE_PORT (3001: instances on 3001, 3002, …), CMS_PORT (4001),
//        REDIS_URL (unset: a redis-server is started on REDIS_PORT, default 6390, no persistence),
//        REVALIDATE_SECRET (random when unset), CMS_SEED, CMS_DB
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { frescoBin, waitFor } from './lib.mjs'
import { startProxy } from './proxy.mjs'

const blogDir = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({
  options: {
    'skip-build': { type: 'boolean', default: false },
    instances: { type: 'string', default: '3' },
  },
})
const count = Number(args.instances)
if (!Number.isInteger(count) || count < 1) throw new Error('[cluster] --instances must be a positive integer')

const port = Number(process.env.PORT ?? 3000)
const firstPort = Number(process.env.INSTANCE_PORT ?? port + 1)
const cmsPort = process.env.CMS_PORT ?? '4001'
const redisPort = process.env.REDIS_PORT ?? '6390'
const redisUrl = process.env.REDIS_URL ?? `redis://127.0.0.1:${redisPort}`
const secret = process.env.REVALIDATE_SECRET ?? randomBytes(16).toString('hex')
const blogUrl = `http://127.0.0.1:${port}`
const cmsUrl = `http://127.0.0.1:${cmsPort}`

/** The Redis handler needs the optional `ioredis` peer, resolved from where @fresco/cache lives. */
function checkIoredis() {
  try {
    const cache = createRequire(join(blogDir, 'package.json')).resolve('@fresco/cache')
    createRequire(cache).resolve('ioredis')
  } catch {
    throw new Error('[cluster] the Redis cache needs ioredis: run `npm install ioredis`')
  }
}

const children = new Set()
let stopping = false
let proxy

function run(name, cmd, argv, env = {}) {
  const child = spawn(cmd, argv, { cwd: blogDir, env: { ...process.env, ...env }, stdio: 'inherit' })
  children.add(child)
  child.on('exit', (code) => {
    children.delete(child)
    if (!stopping && name !== 'build') {
      console.error(`[cluster] ${name} exited (${code}); stopping`)
      stop(1)
    }
  })
  return child
}

function stop(code = 0) {
  if (stopping) return
  stopping = true
  void proxy?.close()
  for (const child of children) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 5000).unref()
  Promise.all([...children].map((c) => new Promise((r) => c.once('exit', r)))).then(() => process.exit(code))
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

checkIoredis()
const bin = frescoBin(blogDir, 'cluster')

if (!process.env.REDIS_URL) {
  if (spawnSync('redis-server', ['--version']).error)
    throw new Error('[cluster] redis-server is not installed: install Redis or set REDIS_URL')
  // A throwaway cache: no RDB, no AOF (an empty Redis after a restart is just an empty cache).
  run('redis', 'redis-server', [
    '--port',
    redisPort,
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ])
  const { Redis } = await import(
    createRequire(createRequire(join(blogDir, 'package.json')).resolve('@fresco/cache')).resolve('ioredis')
  )
  const probe = new Redis(redisUrl, { lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: 0 })
  probe.on('error', () => {})
  const deadline = Date.now() + 10_000
  while (
    (await probe.connect().then(
      () => true,
      () => false,
    )) === false
  ) {
    if (Date.now() > deadline) throw new Error(`[cluster] redis-server did not start on ${redisPort}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  probe.disconnect()
}

// The CMS's webhook goes to the proxy: whichever instance gets it, every instance hears of it.
run('cms', process.execPath, [join(blogDir, 'cms', 'server.mjs')], {
  CMS_PORT: cmsPort,
  BLOG_URL: blogUrl,
  REVALIDATE_SECRET: secret,
})
await waitFor(`${cmsUrl}/blog`, 15_000, 'cluster')

const appEnv = { CMS_URL: cmsUrl, REVALIDATE_SECRET: secret, REDIS_URL: redisUrl }
if (!args['skip-build']) {
  // One build for every instance: route keys carry its build id, so all three share one cache.
  const build = run('build', process.execPath, [bin, 'build'], appEnv)
  const code = await new Promise((r) => build.once('exit', r))
  if (code !== 0) {
    console.error(`[cluster] fresco build failed (${code})`)
    stop(1)
  }
}
if (!stopping) {
  const targets = []
  for (let i = 0; i < count; i++) {
    const p = firstPort + i
    run(`instance ${i + 1}`, process.execPath, [bin, 'start', '--port', String(p)], appEnv)
    targets.push(`http://127.0.0.1:${p}`)
  }
  await Promise.all(targets.map((t) => waitFor(`${t}/blog`, 60_000, 'cluster')))
  proxy = await startProxy({ port, targets })
  console.log(`
  Blog (round robin over ${count} instances): ${blogUrl}/blog
  Instances:  ${targets.join('  ')}
  Redis:      ${redisUrl}
  CMS admin:  ${cmsUrl}/admin   (saving a post calls ${blogUrl}/api/revalidate)
  \`curl -sI ${blogUrl}/blog/1\` shows x-upstream (the instance) and x-fresco-cache.
  Press Ctrl-C to stop everything.
`)
}
