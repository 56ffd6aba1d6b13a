import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { applyOnWriteHead, compileHeaderRules } from './response-headers.js'

describe("compileHeaderRules: next.config's headers() by path", () => {
  const rules = [
    { source: '/isr', headers: [{ key: 'Cache-Control', value: 's-maxage=30' }] },
    { source: '/blog/:slug', headers: [{ key: 'x-slug', value: 'post-:slug' }] },
    {
      source: '/:path*',
      headers: [
        { key: 'x-all', value: 'yes' },
        { key: 'x-slug', value: 'all' },
      ],
    },
  ]

  it('is undefined without rules (no per-request work)', () => {
    expect(compileHeaderRules([], false)).toBeUndefined()
  })

  it('collects every matching rule in order (the later wins when applied), fills :params', () => {
    const match = compileHeaderRules(rules, false)
    expect(match?.('/blog/Hello')).toEqual([
      ['x-slug', 'post-Hello'],
      ['x-all', 'yes'],
      ['x-slug', 'all'],
    ])
    expect(match?.('/ISR')).toContainEqual(['Cache-Control', 's-maxage=30'])
    // strict without trailingSlash: '/isr' does not match '/isr/' (which redirects anyway)
    expect(match?.('/_fresco/rsc/isr')).toContainEqual(['Cache-Control', 's-maxage=30'])
  })

  it('under trailingSlash, /isr/ matches source /isr and the 308 gets nothing', () => {
    const match = compileHeaderRules(rules, true)
    expect(match?.('/isr/')).toContainEqual(['Cache-Control', 's-maxage=30'])
    expect(match?.('/isr')).toBeUndefined()
  })

  it('never puts a line break from the path into a value', () => {
    const match = compileHeaderRules(rules, false)
    expect(match?.('/blog/a%0d%0aset-cookie:x')?.[0]).toEqual(['x-slug', 'post-aset-cookie:x'])
  })
})

describe('applyOnWriteHead', () => {
  it("replaces the writer's header of the same name, keeps repeated ones (set-cookie)", async () => {
    const server = createServer((_req, res) => {
      applyOnWriteHead(res, [['Cache-Control', 's-maxage=30']])
      res.writeHead(200, ['cache-control', 's-maxage=120', 'set-cookie', 'a=1', 'set-cookie', 'b=2'])
      res.end('ok')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request({ port, host: '127.0.0.1' }, (res) => {
        res.resume()
        resolve(res.headers)
      })
        .on('error', reject)
        .end()
    })
    server.close()
    expect(headers['cache-control']).toBe('s-maxage=30')
    expect(headers['set-cookie']).toEqual(['a=1', 'b=2'])
  })
})
