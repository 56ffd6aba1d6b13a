#!/usr/bin/env node
// Starts the whole example: the CMS, then `fresco build` and `fresco start` of the blog, wired together
// (ports, CMS URL, revalidation secret). Ctrl-C stops both.
//
//   node scripts/start.mjs [--skip-build]
//   env: PORT (3000), CMS_PORT (4001), CMS_SEED (25), CMS_DB, REVALIDATE_SECRET (random when unset)
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const blogDir = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({ options: { 'skip-build': { type: 'boolean', default: false } } })

const port = process.env.PORT ?? '3000'
const cmsPort = process.env.CMS_PORT ?? '4001'
const secret = process.env.REVALIDATE_SECRET ?? randomBytes(16).toString('hex')
const blogUrl = `http://127.0.0.1:${port}`
const cmsUrl = `http://127.0.0.1:${cmsPort}`

/** The fresco CLI of the installed package (workspace link or tarball install). */
function frescoBin() {
  for (let dir = blogDir; ; dir = dirname(dir)) {
    const pkgFile = join(dir, 'node_modules', 'fresco', 'package.json')
    if (existsSync(pkgFile)) {
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'))
      const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.fresco
      return join(dirname(pkgFile), bin)
    }
    if (dirname(dir) === dir)
      throw new Error('[blog] the fresco package is not installed: run `npm install` first')
  }
}

const children = new Set()
function run(name, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: blogDir,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  })
  children.add(child)
  child.on('exit', () => children.delete(child))
  child.name = name
  return child
}

let stopping = false
function stop(code = 0) {
  if (stopping) return
  stopping = true
  for (const child of children) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 3000).unref()
  Promise.all([...children].map((c) => new Promise((r) => c.once('exit', r)))).then(() => process.exit(code))
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

async function waitFor(url, ms) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      return
    } catch {
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  throw new Error(`[blog] ${url} did not answer within ${ms / 1000}s`)
}

const cms = run('cms', [join(blogDir, 'cms', 'server.mjs')], {
  CMS_PORT: cmsPort,
  BLOG_URL: blogUrl,
  REVALIDATE_SECRET: secret,
})
cms.on('exit', (code) => {
  if (!stopping) {
    console.error(`[blog] the CMS exited (${code}); stopping`)
    stop(1)
  }
})
await waitFor(`${cmsUrl}/blog`, 15_000)

const bin = frescoBin()
const appEnv = { CMS_URL: cmsUrl, REVALIDATE_SECRET: secret }
if (!args['skip-build']) {
  const build = run('build', [bin, 'build'], appEnv)
  const code = await new Promise((r) => build.once('exit', r))
  if (code !== 0) {
    console.error(`[blog] fresco build failed (${code})`)
    stop(1)
  }
}
if (!stopping) {
  const server = run('blog', [bin, 'start', '--port', port], appEnv)
  server.on('exit', (code) => {
    if (!stopping) {
      console.error(`[blog] fresco start exited (${code}); stopping`)
      stop(code ?? 1)
    }
  })
  await waitFor(`${blogUrl}/blog`, 30_000).catch((e) => console.error(e.message))
  console.log(`
  Blog:       ${blogUrl}/blog
  CMS admin:  ${cmsUrl}/admin   (saving a post calls ${blogUrl}/api/revalidate)
  Press Ctrl-C to stop both.
`)
}
