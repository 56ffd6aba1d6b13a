// A counting data source for fixtures that fetch `${UPSTREAM_URL}/<path>`: answers
// { title } (editable per path) and counts the requests per path.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Upstream {
  url: string
  count(path: string): number
  edit(path: string, title: string): void
  close(): Promise<void>
}

export function startUpstream(): Promise<Upstream> {
  const counts = new Map<string, number>()
  const titles = new Map<string, string>()
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/'
    counts.set(path, (counts.get(path) ?? 0) + 1)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ title: titles.get(path) ?? `Title of ${path}` }))
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        count: (path) => counts.get(path) ?? 0,
        edit: (path, title) => titles.set(path, title),
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      }),
    )
  })
}
