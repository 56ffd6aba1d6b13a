// `fresco start` run by node directly (not through npx, like the harness does): npx exits on
// SIGTERM without passing it on, which leaves the server holding the port. The deploy test stops
// a server and starts the next build on the same port, so it needs the real process.
import { join } from 'node:path'
import { get } from '../harness/http.js'
import { freePort, type Server, spawnProc } from '../harness/index.js'

export async function startServer(
  dir: string,
  fixedPort?: number,
  env: Record<string, string> = {},
): Promise<Server> {
  const port = fixedPort ?? (await freePort())
  const bin = join(dir, 'node_modules', '.bin', 'fresco')
  const proc = spawnProc(process.execPath, [bin, 'start', '--port', String(port)], {
    cwd: dir,
    env,
    label: 'fresco start',
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (proc.child.exitCode !== null)
      throw new Error(`fresco start exited (${proc.child.exitCode}):\n${proc.output().slice(-4000)}`)
    const ok = await fetch(url, { signal: AbortSignal.timeout(5000) }).then(
      async (r) => {
        await r.arrayBuffer()
        return true
      },
      () => false,
    )
    if (ok) break
    if (Date.now() > deadline) {
      await proc.stop()
      throw new Error(`fresco start did not answer on ${url}:\n${proc.output().slice(-4000)}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return { url, port, proc, get: (path, init) => get(url + path, init), stop: () => proc.stop() }
}
