#!/usr/bin/env node
// A small headless CMS: a JSON API over SQLite, a tiny admin page, upstream request counters and fault
// injection for tests, and a revalidation webhook to the blog after every change.
//
// Env: CMS_PORT (4001), CMS_HOST (127.0.0.1), CMS_DB (examples/blog/data/cms.db), CMS_SEED (25),
//      BLOG_URL (no webhook when unset), REVALIDATE_SECRET.
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { adminPage } from './admin.mjs'
import { openDb } from './db.mjs'

const MAX_BODY = 1024 * 1024

class HttpError extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

function parseSeed(value) {
  if (value === undefined || value === '') return 25
  if (!/^\d+$/.test(value)) throw new Error(`[cms] CMS_SEED must be a non-negative integer, got "${value}"`)
  return Number(value)
}

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

async function readJson(req) {
  const chunks = []
  let size = 0
  for await (const chunk of req) {
    size += chunk.length
    if (size > MAX_BODY) throw new HttpError(413, `request body is larger than ${MAX_BODY} bytes`)
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') throw new HttpError(400, 'request body is empty: send a JSON object')
  try {
    const value = JSON.parse(text)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object')
    return value
  } catch {
    throw new HttpError(400, 'request body must be a JSON object, e.g. {"title":"…","content":"…"}')
  }
}

/** Validates a post body; `partial` for PUT (at least one field). */
function validatePost(body, { partial }) {
  const out = {}
  for (const [field, max] of [
    ['title', 200],
    ['content', 100_000],
    ['author', 100],
  ]) {
    const value = body[field]
    if (value === undefined) {
      if (!partial && field !== 'author') throw new HttpError(400, `"${field}" is required`)
      continue
    }
    if (typeof value !== 'string') throw new HttpError(400, `"${field}" must be a string`)
    if (field === 'title' && value.trim() === '') throw new HttpError(400, '"title" must not be empty')
    if (value.length > max) throw new HttpError(400, `"${field}" must be at most ${max} characters`)
    out[field] = value
  }
  const unknown = Object.keys(body).filter((k) => !['title', 'content', 'author'].includes(k))
  if (unknown.length > 0) throw new HttpError(400, `unknown field(s): ${unknown.join(', ')}`)
  if (partial && Object.keys(out).length === 0) {
    throw new HttpError(400, 'send at least one of "title", "content", "author"')
  }
  return out
}

// The blog checks ids with the same rule before asking (lib/cms.ts isPostId).
function parseId(raw) {
  if (!/^[1-9]\d{0,15}$/.test(raw))
    throw new HttpError(400, `post id must be a positive integer, got "${raw}"`)
  return Number(raw)
}

/**
 * Starts the CMS. Returns the bound port and a close function.
 * @param {{ port?: number, host?: string, dbFile: string, seed?: number, blogUrl?: string, secret?: string,
 *   log?: (line: string) => void }} opts
 */
export async function startCms(opts) {
  const log = opts.log ?? ((line) => console.log(line))
  const db = openDb({ file: opts.dbFile, seed: opts.seed ?? 25 })

  let counts = new Map() // pathname → upstream requests (all methods)
  let methodCounts = new Map() // 'METHOD pathname' → requests
  let total = 0
  /** @type {{ mode: 'error' | 'hang' | 'slow', paths: string[] | null, status: number, ms: number } | null} */
  let fault = null
  const hung = new Set()

  const faultApplies = (pathname) =>
    fault !== null &&
    (fault.paths === null ||
      fault.paths.some((p) => (p.endsWith('*') ? pathname.startsWith(p.slice(0, -1)) : p === pathname)))

  function releaseHung() {
    for (const res of hung)
      send(res, 503, { error: 'the CMS recovered; this request had been held by a fault' })
    hung.clear()
  }

  async function notifyBlog(params) {
    if (!opts.blogUrl) return 'skipped'
    const url = new URL('/api/revalidate', opts.blogUrl)
    url.searchParams.set('secret', opts.secret ?? '')
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
    try {
      const r = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(10_000) })
      await r.arrayBuffer()
      log(`[cms] webhook ${params.tag ?? ''} ${params.path ?? ''} → ${r.status}`)
      return String(r.status)
    } catch (e) {
      log(`[cms] webhook to ${url.origin} failed: ${e.message}`)
      return 'error'
    }
  }

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://cms.local')
    const { pathname } = url
    const method = req.method ?? 'GET'

    // Test and operator endpoints: not counted, never faulted.
    if (pathname === '/__stats' && method === 'GET') {
      return send(res, 200, {
        total,
        paths: Object.fromEntries(counts),
        requests: Object.fromEntries(methodCounts),
        fault,
      })
    }
    if (pathname === '/__reset' && method === 'POST') {
      counts = new Map()
      methodCounts = new Map()
      total = 0
      fault = null
      releaseHung()
      return send(res, 200, { ok: true })
    }
    if (pathname === '/__fail' && method === 'POST') {
      const body = await readJson(req)
      const mode = body.mode
      if (!['error', 'hang', 'slow', 'off'].includes(mode)) {
        throw new HttpError(400, '"mode" must be one of "error", "hang", "slow", "off"')
      }
      if (
        body.paths !== undefined &&
        !(Array.isArray(body.paths) && body.paths.every((p) => typeof p === 'string'))
      ) {
        throw new HttpError(400, '"paths" must be an array of paths (a trailing * matches a prefix)')
      }
      if (mode === 'off') {
        fault = null
        releaseHung()
      } else {
        const status = body.status ?? 503
        if (!Number.isInteger(status) || status < 400 || status > 599) {
          throw new HttpError(400, '"status" must be an HTTP error status (400–599)')
        }
        const ms = body.ms ?? 1000
        if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) throw new HttpError(400, '"ms" must be 0–600000')
        fault = { mode, paths: body.paths ?? null, status, ms }
      }
      log(`[cms] fault: ${fault ? JSON.stringify(fault) : 'off'}`)
      return send(res, 200, { fault })
    }
    if ((pathname === '/' || pathname === '/admin') && method === 'GET') {
      return send(res, 200, adminPage({ posts: db.list(), blogUrl: opts.blogUrl }))
    }

    if (pathname !== '/blog' && !pathname.startsWith('/blog/')) {
      throw new HttpError(404, `no such endpoint: ${method} ${pathname} (try GET /blog or GET /admin)`)
    }

    total++
    counts.set(pathname, (counts.get(pathname) ?? 0) + 1)
    const key = `${method} ${pathname}`
    methodCounts.set(key, (methodCounts.get(key) ?? 0) + 1)

    // Faults simulate a failing read path: writes (the tests' own edits) always go through.
    if ((method === 'GET' || method === 'HEAD') && faultApplies(pathname)) {
      if (fault.mode === 'error') return send(res, fault.status, { error: 'injected failure' })
      if (fault.mode === 'hang') {
        hung.add(res)
        res.on('close', () => hung.delete(res))
        return
      }
      await new Promise((r) => setTimeout(r, fault.ms))
    }

    const webhook = url.searchParams.get('webhook') !== '0'
    if (pathname === '/blog') {
      if (method === 'GET' || method === 'HEAD') return send(res, 200, db.list())
      if (method === 'POST') {
        const post = db.create(validatePost(await readJson(req), { partial: false }))
        log(`[cms] created post ${post.id}`)
        const hook = webhook ? await notifyBlog({ tag: 'posts', path: `/blog/${post.id}` }) : 'skipped'
        return send(res, 201, post, { location: `/blog/${post.id}`, 'x-cms-webhook': hook })
      }
      throw new HttpError(405, `${method} is not allowed on /blog (use GET or POST)`)
    }

    const rest = pathname.slice('/blog/'.length)
    const id = parseId(rest)
    if (method === 'GET' || method === 'HEAD') {
      const post = db.get(id)
      return post ? send(res, 200, post) : send(res, 404, { error: `post ${id} not found` })
    }
    if (method === 'PUT') {
      const patch = validatePost(await readJson(req), { partial: true })
      const post = db.update(id, patch)
      if (!post) return send(res, 404, { error: `post ${id} not found` })
      log(`[cms] updated post ${id}`)
      const hook = webhook ? await notifyBlog({ tag: 'posts', path: `/blog/${id}` }) : 'skipped'
      return send(res, 200, post, { 'x-cms-webhook': hook })
    }
    throw new HttpError(405, `${method} is not allowed on /blog/:id (use GET or PUT)`)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (res.headersSent) return res.destroy()
      if (e instanceof HttpError) return send(res, e.status, { error: e.message })
      log(`[cms] internal error: ${e.stack ?? e}`)
      send(res, 500, { error: 'internal error' })
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 4001, opts.host ?? '127.0.0.1', resolve)
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 4001)
  return {
    port,
    async close() {
      releaseHung()
      server.closeAllConnections?.()
      await new Promise((r) => server.close(r))
      db.close()
    },
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const env = process.env
  const port = env.CMS_PORT ? Number(env.CMS_PORT) : 4001
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`[cms] CMS_PORT must be a port number, got "${env.CMS_PORT}"`)
    process.exit(1)
  }
  let seed
  try {
    seed = parseSeed(env.CMS_SEED)
  } catch (e) {
    console.error(e.message)
    process.exit(1)
  }
  const dbFile = env.CMS_DB ?? fileURLToPath(new URL('../data/cms.db', import.meta.url))
  const cms = await startCms({
    port,
    host: env.CMS_HOST ?? '127.0.0.1',
    dbFile,
    seed,
    blogUrl: env.BLOG_URL,
    secret: env.REVALIDATE_SECRET,
  })
  console.log(`[cms] listening on http://${env.CMS_HOST ?? '127.0.0.1'}:${cms.port} (db ${dbFile})`)
  const stop = () => cms.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
