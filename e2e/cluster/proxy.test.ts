// The example's round-robin proxy (examples/blog/scripts/proxy.mjs), against plain node:http
// upstreams: requests alternate, bodies and headers pass through, a stopped instance is skipped.
import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../harness/index.js'

type StartProxy = (o: { port: number; targets: string[] }) => Promise<{ url: string; close(): Promise<void> }>
// A plain .mjs script without types.
const { startProxy } = (await import('../../examples/blog/scripts/proxy.mjs' as string)) as {
  startProxy: StartProxy
}

const closers: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function upstream(name: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-name': name })
      res.end(
        JSON.stringify({ name, method: req.method, url: req.url, body: Buffer.concat(chunks).toString() }),
      )
    })
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  closers.push(() => new Promise((resolve) => server.close(resolve)))
  return { url: `http://127.0.0.1:${port}`, server }
}

async function proxyTo(targets: string[]): Promise<string> {
  const proxy = await startProxy({ port: await freePort(), targets })
  closers.push(() => proxy.close())
  return proxy.url
}

describe('round-robin proxy', () => {
  it('alternates between instances and passes method, path, body and headers through', async () => {
    const [a, b] = await Promise.all([upstream('a'), upstream('b')])
    const url = await proxyTo([a.url, b.url])
    const names: string[] = []
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${url}/blog/1?x=${i}`)
      const body = (await res.json()) as { name: string; url: string }
      expect(body.url).toBe(`/blog/1?x=${i}`)
      expect(res.headers.get('x-upstream')).toBe(new URL(body.name === 'a' ? a.url : b.url).host)
      names.push(body.name)
    }
    expect(names).toEqual(['a', 'b', 'a', 'b'])
    const post = await fetch(`${url}/api/revalidate?tag=posts`, { method: 'POST', body: 'payload' })
    expect(await post.json()).toMatchObject({ method: 'POST', body: 'payload' })
  })

  it('skips an instance that is down: no request fails', async () => {
    const a = await upstream('a')
    const deadPort = await freePort() // nothing listens there
    const url = await proxyTo([`http://127.0.0.1:${deadPort}`, a.url])
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${url}/`)
      expect(res.status).toBe(200)
      expect(((await res.json()) as { name: string }).name).toBe('a')
    }
  })
})
