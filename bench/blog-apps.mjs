// The blog example as the bench scripts build it: the CMS in this process, the same app/ and lib/
// copied beside Next.js (installed in a scratch folder, never in the repository) and beside Fresco,
// child processes that are killed when the bench exits, and timed commands.
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { frescoBin } from './lib.mjs'

export const root = fileURLToPath(new URL('..', import.meta.url))
export const blogDir = join(root, 'examples', 'blog')
const NEXT_DEPS = ['next@16', 'react@19', 'react-dom@19', 'typescript@5', '@types/react@19', '@types/node@20']

export const log = (line) => console.log(`[bench] ${line}`)

const children = new Set()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})
process.on('SIGINT', () => process.exit(130))

/** A child process whose stdout and stderr are collected (`child.output()`). */
export function start(name, cmd, args, { cwd, env }) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => {
    output += d
  })
  child.stderr.on('data', (d) => {
    output += d
  })
  children.add(child)
  child.on('exit', () => children.delete(child))
  child.output = () => output
  child.label = name
  return child
}

/** Runs a command to completion without blocking the event loop (the CMS lives in this process). */
export async function timed(label, cmd, args, { cwd, env }) {
  log(`${label}: ${cmd} ${args.join(' ')}`)
  const t0 = performance.now()
  const child = start(label, cmd, args, { cwd, env })
  const code = await new Promise((r) => child.once('exit', r))
  const seconds = (performance.now() - t0) / 1000
  if (code !== 0) throw new Error(`${label} failed (${code}):\n${child.output().slice(-4000)}`)
  log(`${label}: ${seconds.toFixed(1)} s`)
  return { seconds, output: child.output() }
}

/** The blog's app/ and lib/, fresh, in `target`. */
export function copyApp(target) {
  rmSync(join(target, 'app'), { recursive: true, force: true })
  rmSync(join(target, 'lib'), { recursive: true, force: true })
  cpSync(join(blogDir, 'app'), join(target, 'app'), { recursive: true })
  cpSync(join(blogDir, 'lib'), join(target, 'lib'), { recursive: true })
}

/** Next.js 16 installed in `dir` (once) with the blog copied in; returns { version, bin }. */
export async function prepareNextApp(dir) {
  mkdirSync(dir, { recursive: true })
  if (!existsSync(join(dir, 'node_modules', 'next', 'package.json'))) {
    writeFileSync(join(dir, 'package.json'), '{ "name": "fresco-bench-next-app", "private": true }\n')
    await timed(
      'npm install (Next.js)',
      'npm',
      ['install', ...NEXT_DEPS, '--no-audit', '--no-fund', '--workspaces=false'],
      {
        cwd: dir,
      },
    )
  }
  const version = JSON.parse(readFileSync(join(dir, 'node_modules', 'next', 'package.json'), 'utf8')).version
  copyApp(dir)
  // A lockfile in a parent folder would otherwise be taken for the workspace root.
  writeFileSync(
    join(dir, 'next.config.mjs'),
    `export default { turbopack: { root: import.meta.dirname }, outputFileTracingRoot: import.meta.dirname }\n`,
  )
  return { version, bin: join(dir, 'node_modules', 'next', 'dist', 'bin', 'next') }
}

/** The blog beside the repository's node_modules (fresco resolves through the workspace link). */
export function prepareFrescoApp(dir) {
  mkdirSync(dir, { recursive: true })
  copyApp(dir)
  writeFileSync(
    join(dir, 'package.json'),
    '{ "name": "fresco-bench-blog", "private": true, "type": "module" }\n',
  )
  rmSync(join(dir, '.fresco'), { recursive: true, force: true })
  return { bin: frescoBin(root) }
}

/** The example's CMS, seeded with `seed` posts, in this process; `close()` also removes its database. */
export async function startSeededCms(seed, port) {
  const { startCms } = await import(join(blogDir, 'cms', 'server.mjs'))
  const { tmpdir } = await import('node:os')
  const dbDir = join(tmpdir(), `fresco-bench-cms-${process.pid}-${seed}`)
  const cms = await startCms({ port, dbFile: join(dbDir, 'cms.db'), seed, log: () => {} })
  return {
    url: `http://127.0.0.1:${cms.port}`,
    async close() {
      await cms.close()
      rmSync(dbDir, { recursive: true, force: true })
    },
  }
}
