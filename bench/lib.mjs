// Helpers shared by the bench scripts: a free loopback port and a bounded child-process stop.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
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
