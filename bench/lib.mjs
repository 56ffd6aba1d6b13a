// Helpers shared by the bench scripts: a free loopback port, a bounded child-process stop, the
// one-page app of serve-app.mjs and workers.mjs, and the bare server replaying a captured answer.
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

/** A one-page app (`/posts/[id]`, revalidate 3600, `/posts/1` prerendered, a ~40 KB page). */
export const ONE_PAGE_APP = {
  'app/layout.tsx': `export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>
}`,
  'app/posts/[id]/page.tsx': `export const revalidate = 3600
export function generateStaticParams() { return [{ id: '1' }] }
export default async function Post({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return <main><h1>Post {id}</h1>{Array.from({ length: 120 }, (_, i) => (
    <article key={i}><h2>Section {i}</h2><p>Incremental Static Regeneration serves this page from cache.</p></article>
  ))}</main>
}`,
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
