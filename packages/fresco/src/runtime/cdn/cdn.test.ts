import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { CDN_DEFAULTS, type CdnPurgeTarget, readCdn } from '../../config/cdn.js'
import { purgeRequests } from './adapters.js'
import { createPurger } from './purger.js'
import { createServedPaths } from './served-paths.js'
import { encodeTag, MAX_TAG_HEADER_BYTES, tagHeaderValue } from './tag-header.js'

interface Received {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** A real HTTP server that records what it receives and answers from `answer` (default 200). */
async function recorder(answer: (n: number, req: Received) => [number, string] | 'hang' = () => [200, '{}']) {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => {
      body += d
    })
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      received.push(r)
      const a = answer(received.length, r)
      if (a === 'hang') return
      res.writeHead(a[0], { 'content-type': 'application/json' }).end(a[1])
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  servers.push(server)
  return { base, received }
}
const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

const logs = () => {
  const lines: string[] = []
  return {
    lines,
    logger: {
      debugEnabled: true,
      debug: (m: string) => lines.push(`debug ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
      error: (m: string) => lines.push(`error ${m}`),
    },
  }
}

describe('cdn config', () => {
  const bad = (key: string, value: unknown, allowed: string) =>
    new Error(`${key} = ${JSON.stringify(value)}: ${allowed}`)
  const check = (prefix: string, obj: Record<string, unknown>, allowed: readonly string[]) => {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) throw new Error(`unknown ${prefix}${k}`)
  }
  const read = (v: unknown) => readCdn(v, bad, check)

  it('is off by default: no tag header, nothing purged', () => {
    expect(read(undefined)).toEqual(CDN_DEFAULTS)
    expect(CDN_DEFAULTS).toEqual({ tagHeader: null, purge: [], purgeAttempts: 5 })
  })

  it('names the key and what to write for every mistake', () => {
    expect(() => read({ tagHeader: 'Cache Tag' })).toThrow(/cdn\.tagHeader = "Cache Tag": Use a header name/)
    expect(() => read({ purge: [{ provider: 'akamai' }] })).toThrow(
      /cdn\.purge\[0\].*'cloudflare', 'fastly', 'nginx', 'webhook'/,
    )
    expect(() => read({ purge: [{ provider: 'cloudflare', zoneId: 'z' }] })).toThrow(
      /cdn\.purge\[0\]\.apiToken = undefined: Set apiToken for provider 'cloudflare'/,
    )
    expect(() => read({ purge: [{ provider: 'nginx', purgeUrl: '/purge' }] })).toThrow(
      /cdn\.purge\[0\]\.purgeUrl = "\/purge": Use an http\(s\) URL/,
    )
    expect(() => read({ purge: [{ provider: 'webhook', url: 'http://x', secrt: 'a' }] })).toThrow(
      /unknown cdn\.purge\[0\]\.secrt/,
    )
    expect(() => read({ purgeAttempts: 0 })).toThrow(
      /cdn\.purgeAttempts = 0: Use a whole number from 1 to 20/,
    )
    expect(
      read({
        tagHeader: 'Surrogate-Key',
        purge: [{ provider: 'fastly', serviceId: 's', apiToken: 't', soft: true }],
      }),
    ).toEqual({
      tagHeader: 'Surrogate-Key',
      purge: [{ provider: 'fastly', serviceId: 's', apiToken: 't', soft: true }],
      purgeAttempts: 5,
    })
  })
})

describe('cache-tag header', () => {
  it('lists implicit tags first, separated as each CDN reads them, separators and non-ASCII encoded', () => {
    const tags = ['posts', '_N_T_/layout', 'a b,c', 'café', '_N_T_/blog/1']
    expect(tagHeaderValue('Cache-Tag', tags)).toBe('_N_T_/layout,_N_T_/blog/1,posts,a%20b%2Cc,caf%C3%A9')
    expect(tagHeaderValue('Surrogate-Key', tags)).toBe('_N_T_/layout _N_T_/blog/1 posts a%20b%2Cc caf%C3%A9')
    expect(tagHeaderValue('Cache-Tag', [])).toBeUndefined()
    expect(encodeTag('_N_T_/blog/[id]/page')).toBe('_N_T_/blog/[id]/page')
  })

  it('stays under 16 KB, keeping the path tags and reporting how many were left out', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `user-tag-number-${i}`)
    let dropped = 0
    const value = tagHeaderValue('Cache-Tag', [...many, '_N_T_/blog/1'], (n) => {
      dropped = n
    })!
    expect(value.length).toBeLessThanOrEqual(MAX_TAG_HEADER_BYTES)
    expect(value.startsWith('_N_T_/blog/1,')).toBe(true)
    expect(dropped).toBe(2001 - value.split(',').length)
    expect(dropped).toBeGreaterThan(0)
  })
})

describe('purge requests per provider', () => {
  const sources = { servedWith: () => ['/served'], urlsOf: (p: string) => [p, `/_fresco/rsc${p}`] }
  const job = { tags: ['posts', '_N_T_/blog/1'], paths: ['/blog/1'] }

  it('Cloudflare: tags in batches of 30 with a bearer token', () => {
    const target: CdnPurgeTarget = { provider: 'cloudflare', zoneId: 'zone 1', apiToken: 'tok' }
    const tags = Array.from({ length: 31 }, (_, i) => `t${i}`)
    const reqs = purgeRequests(target, { tags, paths: [] }, sources)
    expect(reqs.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['POST', 'https://api.cloudflare.com/client/v4/zones/zone%201/purge_cache', 'Bearer tok'],
      ['POST', 'https://api.cloudflare.com/client/v4/zones/zone%201/purge_cache', 'Bearer tok'],
    ])
    expect(JSON.parse(reqs[0]!.body!).tags).toHaveLength(30)
    expect(JSON.parse(reqs[1]!.body!)).toEqual({ tags: ['t30'] })
  })

  it('Fastly: surrogate keys space-separated, soft purge on request', () => {
    const [req] = purgeRequests(
      { provider: 'fastly', serviceId: 'svc', apiToken: 'k', soft: true },
      job,
      sources,
    )
    expect(req).toMatchObject({
      method: 'POST',
      url: 'https://api.fastly.com/service/svc/purge',
      headers: { 'fastly-key': 'k', 'surrogate-key': 'posts _N_T_/blog/1', 'fastly-soft-purge': '1' },
    })
  })

  it('nginx: one GET per URL of the revalidated and the served paths, 404 (not cached) is fine', () => {
    const reqs = purgeRequests({ provider: 'nginx', purgeUrl: 'http://127.0.0.1:8080/purge/' }, job, sources)
    expect(reqs.map((r) => r.url)).toEqual([
      'http://127.0.0.1:8080/purge/blog/1',
      'http://127.0.0.1:8080/purge/_fresco/rsc/blog/1',
      'http://127.0.0.1:8080/purge/served',
      'http://127.0.0.1:8080/purge/_fresco/rsc/served',
    ])
    expect(reqs[0]!.okStatuses).toEqual([404])
  })

  it('webhook: tags and paths as JSON, HMAC-signed with the secret', () => {
    const [req] = purgeRequests({ provider: 'webhook', url: 'http://hook', secret: 's3' }, job, sources)
    expect(JSON.parse(req!.body!)).toEqual(job)
    const mac = createHmac('sha256', 's3').update(req!.body!).digest('hex')
    expect(req!.headers['x-fresco-signature']).toBe(`sha256=${mac}`)
  })
})

describe('served paths', () => {
  it('finds the paths carrying a tag, and forgets the oldest past its bound', () => {
    const served = createServedPaths(2)
    served.record('/a', ['posts', '_N_T_/a'])
    served.record('/b', ['_N_T_/b'])
    expect(served.withTags(['posts'])).toEqual(['/a'])
    served.record('/c', ['posts'])
    expect(served.size).toBe(2)
    expect(served.withTags(['posts'])).toEqual(['/c'])
  })
})

/** A purger of one Cloudflare-shaped target at `base`, with a short back-off. */
const cloudflarePurger = (base: string, logger: ReturnType<typeof logs>['logger']) =>
  createPurger({
    cdn: { ...CDN_DEFAULTS, purge: [{ provider: 'cloudflare', zoneId: 'z', apiToken: 't', apiUrl: base }] },
    logger,
    fetch,
    backoffMs: 5,
  })

describe('purger (against a real HTTP server)', () => {
  it('sends the purge to every target in the background and counts it', async () => {
    const cf = await recorder()
    const hook = await recorder()
    const { logger, lines } = logs()
    const purger = createPurger({
      cdn: {
        ...CDN_DEFAULTS,
        purge: [
          { provider: 'cloudflare', zoneId: 'z', apiToken: 't', apiUrl: cf.base },
          { provider: 'webhook', url: `${hook.base}/hook` },
        ],
      },
      logger,
      fetch,
    })
    purger.purge({ tags: ['posts'], paths: [] })
    expect(cf.received).toHaveLength(0) // returns at once
    await purger.idle()
    expect(cf.received).toEqual([
      expect.objectContaining({ method: 'POST', url: '/zones/z/purge_cache', body: '{"tags":["posts"]}' }),
    ])
    expect(hook.received).toEqual([
      expect.objectContaining({ url: '/hook', body: '{"tags":["posts"],"paths":[]}' }),
    ])
    expect(purger.stats).toEqual({ sent: 2, retried: 0, failed: 0, dropped: 0 })
    expect(lines.filter((l) => l.startsWith('debug CDN purge'))).toHaveLength(2)
  })

  it('retries 5xx and 429 with back-off, then succeeds', async () => {
    const cdn = await recorder((n) =>
      n === 1 ? [503, 'busy'] : n === 2 ? [429, 'slow down'] : [200, '{"success":true}'],
    )
    const { logger } = logs()
    const purger = cloudflarePurger(cdn.base, logger)
    purger.purge({ tags: ['a'], paths: [] })
    await purger.idle()
    expect(cdn.received).toHaveLength(3)
    expect(purger.stats).toMatchObject({ sent: 1, retried: 2, failed: 0 })
  })

  it('a refusal (403, or Cloudflare success:false) is logged once with the answer and not retried', async () => {
    const cdn = await recorder((n) =>
      n === 1 ? [403, 'bad token'] : [200, '{"success":false,"errors":[{"message":"Invalid zone"}]}'],
    )
    const { logger, lines } = logs()
    const purger = cloudflarePurger(cdn.base, logger)
    purger.purge({ tags: ['a'], paths: [] })
    await purger.idle()
    purger.purge({ tags: ['b'], paths: [] })
    await purger.idle()
    expect(cdn.received).toHaveLength(2)
    expect(purger.stats).toMatchObject({ sent: 0, retried: 0, failed: 2 })
    expect(lines.filter((l) => l.startsWith('warn'))).toEqual([
      expect.stringMatching(
        /cloudflare of tags a failed after 1 attempt\(s\): answered 403 bad token\. Check the purge settings/,
      ),
      expect.stringMatching(/cloudflare of tags b failed after 1 attempt\(s\): Invalid zone/),
    ])
  })

  it('a CDN that never answers costs the configured attempts, each bounded by the timeout', async () => {
    const cdn = await recorder(() => 'hang')
    const { logger, lines } = logs()
    const purger = createPurger({
      cdn: { ...CDN_DEFAULTS, purgeAttempts: 2, purge: [{ provider: 'webhook', url: cdn.base }] },
      logger,
      fetch,
      backoffMs: 5,
      timeoutMs: 100,
    })
    purger.purge({ tags: ['a'], paths: [] })
    await purger.idle()
    expect(cdn.received).toHaveLength(2)
    expect(purger.stats).toMatchObject({ failed: 1, retried: 1 })
    expect(lines.at(-1)).toMatch(
      /failed after 2 attempt\(s\): TimeoutError.*keeps its copies until their s-maxage ends/,
    )
  })

  it('revalidations made while a purge is in flight are merged into the next request', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    const hook = await recorder()
    const slowFetch: typeof fetch = async (input, init) => {
      await gate
      return fetch(input, init)
    }
    const { logger } = logs()
    const purger = createPurger({
      cdn: { ...CDN_DEFAULTS, purge: [{ provider: 'webhook', url: hook.base }] },
      logger,
      fetch: slowFetch,
    })
    purger.purge({ tags: ['a'], paths: [] })
    purger.purge({ tags: ['b'], paths: ['/x'] })
    purger.purge({ tags: ['b', 'c'], paths: [] })
    release()
    await purger.idle()
    expect(hook.received.map((r) => JSON.parse(r.body))).toEqual([
      { tags: ['a'], paths: [] },
      { tags: ['b', 'c'], paths: ['/x'] },
    ])
  })
})
