// A data source for fixtures that read `UPSTREAM_URL`: answers `{ title }` as JSON, counts requests per
// path (tests assert upstream requests, not timings), titles can be edited, and `/gate/<id>` answers
// only when the test opens it (a render held in progress).
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Upstream {
  url: string
  count(path: string): number
  reset(): void
  edit(path: string, title: string): void
  open(path: string): void
  close(): Promise<void>
}

export function startUpstream(): Promise<Upstream> {
  const counts = new Map<string, number>()
  const titles = new Map<string, string>()
  const gates = new Map<string, () => void>()
  const server: HttpServer = createServer((req, res) => {
    const path = req.url ?? '/'
    counts.set(path, (counts.get(path) ?? 0) + 1)
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ title: titles.get(path) ?? `Title of ${path}` }))
    }
    if (path.startsWith('/gate/')) gates.set(path, answer)
    else answer()
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        count: (path) => counts.get(path) ?? 0,
        reset: () => counts.clear(),
        edit: (path, title) => titles.set(path, title),
        open: (path) => gates.get(path)?.(),
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}
