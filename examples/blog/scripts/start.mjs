#!/usr/bin/env node
// Starts the whole example: the CMS, then `fresco build` and `fresco start` of the blog, wired together
// (ports, CMS URL, revalidation secret). Ctrl-C stops both.
//
//   node scripts/start.mjs [--skip-build]
//   env: PORT (3000), CMS_PORT (4001), CMS_SEED (25), CMS_DB, REVALIDATE_SECRET (random when unset)
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { frescoBin, waitFor } from './lib.mjs'

const blogDir = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({ options: { 'skip-build': { type: 'boolean', default: false } } })

const port = process.env.PORT ?? '3000'
const cmsPort = process.env.CMS_PORT ?? '4001'
const secret = process.env.REVALIDATE_SECRET ?? randomBytes(16).toString('hex')
const blogUrl = `http://127.0.0.1:${port}`
const cmsUrl = `http://127.0.0.1:${cmsPort}`

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
  // A child still draining after 3 s (a hanging request) is killed, never left running on its port.
  setTimeout(() => {
    for (const child of children) child.kill('SIGKILL')
    process.exit(code)
  }, 3000).unref()
  Promise.all([...children].map((c) => new Promise((r) => c.once('exit', r)))).then(() => process.exit(code))
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

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
await waitFor(`${cmsUrl}/blog`, 15_000, 'blog')

const bin = frescoBin(blogDir, 'blog')
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
  await waitFor(`${blogUrl}/blog`, 30_000, 'blog').catch((e) => console.error(e.message))
  console.log(`
  Blog:       ${blogUrl}/blog
  CMS admin:  ${cmsUrl}/admin   (saving a post calls ${blogUrl}/api/revalidate)
  Press Ctrl-C to stop both.
`)
}
