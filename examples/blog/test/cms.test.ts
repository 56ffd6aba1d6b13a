// The example's CMS: API validation, persistence, request counts, fault injection and the revalidation webhook.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
// @ts-expect-error: plain ESM without type declarations
import { startCms } from '../cms/server.mjs'

interface Cms {
  port: number
  close(): Promise<void>
}

let dir: string
let cms: Cms
let base: string

async function open(opts: Record<string, unknown> = {}) {
  cms = await startCms({ port: 0, dbFile: join(dir, 'cms.db'), seed: 5, log: () => {}, ...opts })
  base = `http://127.0.0.1:${cms.port}`
}

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(base + path, init)
  const text = await res.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json: json as Record<string, unknown> & unknown[] }
}

const send = (path: string, method: string, body: unknown) =>
  call(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cms-test-'))
})

afterEach(async () => {
  await cms?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the JSON API', () => {
  it('seeds posts once and serves the list and each post', async () => {
    await open()
    const list = await call('/blog')
    expect(list.status).toBe(200)
    expect((list.json as { id: string }[]).map((p) => p.id)).toEqual(['1', '2', '3', '4', '5'])
    const one = await call('/blog/3')
    expect(one.json).toMatchObject({ id: '3', title: expect.stringMatching(/^Post 3: /) })
    expect((await call('/blog/99')).status).toBe(404)
  })

  it('creates and edits posts, persisted in the database file', async () => {
    await open()
    const created = await send('/blog', 'POST', { title: 'Hello', content: 'World' })
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe('/blog/6')
    const edited = await send('/blog/2', 'PUT', { title: 'Changed' })
    expect(edited.json).toMatchObject({
      id: '2',
      title: 'Changed',
      content: expect.stringContaining('post number 2'),
    })
    await cms.close()
    await open({ seed: 50 }) // an existing database is not reseeded
    expect((await call('/blog')).json).toHaveLength(6)
    expect((await call('/blog/2')).json).toMatchObject({ title: 'Changed' })
  })

  it('answers bad input with 400 and a message', async () => {
    await open()
    const cases: [string, string, unknown, RegExp][] = [
      ['/blog', 'POST', 'not json', /JSON object/],
      ['/blog', 'POST', '', /empty/],
      ['/blog', 'POST', [1, 2], /JSON object/],
      ['/blog', 'POST', { content: 'no title' }, /"title" is required/],
      ['/blog', 'POST', { title: '   ', content: '' }, /must not be empty/],
      ['/blog', 'POST', { title: 5, content: '' }, /must be a string/],
      ['/blog', 'POST', { title: 'x', content: '', extra: 1 }, /unknown field/],
      ['/blog/1', 'PUT', {}, /at least one/],
      ['/blog/abc', 'PUT', { title: 'x' }, /positive integer/],
      ['/blog/0', 'PUT', { title: 'x' }, /positive integer/],
      ['/__fail', 'POST', { mode: 'explode' }, /"mode" must be/],
      ['/__fail', 'POST', { mode: 'error', paths: '/blog' }, /"paths" must be an array/],
    ]
    for (const [path, method, body, message] of cases) {
      const r = await send(path, method, body)
      expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400)
      expect(String(r.json.error)).toMatch(message)
    }
    expect((await call('/blog/abc')).status).toBe(400)
    expect((await call('/blog/1', { method: 'DELETE' })).status).toBe(405)
    expect((await call('/nope')).status).toBe(404)
  })

  it('serves the admin page with every post, HTML-escaped', async () => {
    await open()
    await send('/blog/1', 'PUT', { title: '<script>alert(1)</script>' })
    const admin = await call('/admin')
    expect(admin.headers.get('content-type')).toMatch(/^text\/html/)
    expect(admin.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(admin.text).not.toContain('<script>alert(1)</script>')
    expect(admin.text.match(/<form class="post" data-id="\d+"/g)).toHaveLength(5)
  })
})

describe('request counts and fault injection', () => {
  it('counts upstream requests per path and method, and resets', async () => {
    await open()
    await call('/blog')
    await call('/blog/1')
    await call('/blog/1')
    await send('/blog/1', 'PUT', { title: 'x' })
    const stats = (await call('/__stats')).json as unknown as Record<string, Record<string, number>>
    expect(stats.paths).toEqual({ '/blog': 1, '/blog/1': 3 })
    expect(stats.requests).toEqual({ 'GET /blog': 1, 'GET /blog/1': 2, 'PUT /blog/1': 1 })
    expect(stats.total).toBe(4)
    await call('/__reset', { method: 'POST' })
    expect((await call('/__stats')).json).toMatchObject({ total: 0, paths: {} })
  })

  it('fails reads of the chosen paths with an error status, then recovers', async () => {
    await open()
    await send('/__fail', 'POST', { mode: 'error', paths: ['/blog/2'], status: 500 })
    expect((await call('/blog/2')).status).toBe(500)
    expect((await call('/blog/1')).status).toBe(200)
    expect((await send('/blog/2', 'PUT', { title: 'writes pass' })).status).toBe(200)
    await send('/__fail', 'POST', { mode: 'error', paths: ['/blog*'] })
    expect((await call('/blog')).status).toBe(503)
    expect((await call('/blog/3')).status).toBe(503)
    await send('/__fail', 'POST', { mode: 'off' })
    expect((await call('/blog/2')).json).toMatchObject({ title: 'writes pass' })
  })

  it('holds reads while hanging and releases them (503) on recovery', async () => {
    await open()
    await send('/__fail', 'POST', { mode: 'hang', paths: ['/blog/1'] })
    let settled = false
    const held = call('/blog/1').then((r) => {
      settled = true
      return r
    })
    await new Promise((r) => setTimeout(r, 300))
    expect(settled).toBe(false)
    await send('/__fail', 'POST', { mode: 'off' })
    expect((await held).status).toBe(503)
    expect((await call('/blog/1')).status).toBe(200)
  })
})

describe('the revalidation webhook', () => {
  let blog: Server
  let hooks: { method: string; url: string }[]

  beforeEach(async () => {
    hooks = []
    blog = createServer((req: IncomingMessage, res) => {
      hooks.push({ method: req.method ?? '', url: req.url ?? '' })
      const ok = new URL(req.url ?? '/', 'http://x').searchParams.get('secret') === 's3cret'
      res.writeHead(ok ? 200 : 401).end()
    })
    await new Promise<void>((r) => blog.listen(0, '127.0.0.1', r))
  })

  afterEach(async () => {
    await new Promise((r) => blog.close(r))
  })

  const blogUrl = () => {
    const address = blog.address()
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  }

  it('calls POST /api/revalidate with the secret, the posts tag and the post path after each change', async () => {
    await open({ blogUrl: blogUrl(), secret: 's3cret' })
    const created = await send('/blog', 'POST', { title: 'New', content: '' })
    expect(created.headers.get('x-cms-webhook')).toBe('200')
    const edited = await send('/blog/2', 'PUT', { title: 'Edited' })
    expect(edited.headers.get('x-cms-webhook')).toBe('200')
    expect(hooks).toEqual([
      { method: 'POST', url: '/api/revalidate?secret=s3cret&tag=posts&path=%2Fblog%2F6' },
      { method: 'POST', url: '/api/revalidate?secret=s3cret&tag=posts&path=%2Fblog%2F2' },
    ])
    const skipped = await send('/blog/3?webhook=0', 'PUT', { title: 'Quiet' })
    expect(skipped.headers.get('x-cms-webhook')).toBe('skipped')
    expect(hooks).toHaveLength(2)
  })

  it('reports a refused or unreachable blog without failing the write', async () => {
    await open({ blogUrl: blogUrl(), secret: 'wrong' })
    const refused = await send('/blog/1', 'PUT', { title: 'x' })
    expect(refused.status).toBe(200)
    expect(refused.headers.get('x-cms-webhook')).toBe('401')
    await cms.close()
    await open({ blogUrl: 'http://127.0.0.1:1', secret: 's' })
    const unreachable = await send('/blog/1', 'PUT', { title: 'y' })
    expect(unreachable.status).toBe(200)
    expect(unreachable.headers.get('x-cms-webhook')).toBe('error')
  })
})

describe('the command', () => {
  it('refuses a bad CMS_SEED with a clear message', () => {
    const server = fileURLToPath(new URL('../cms/server.mjs', import.meta.url))
    const r = spawnSync(process.execPath, [server], {
      env: { ...process.env, CMS_SEED: 'lots', CMS_DB: join(dir, 'x.db') },
      encoding: 'utf8',
      timeout: 10_000,
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('CMS_SEED must be a non-negative integer, got "lots"')
  })
})
