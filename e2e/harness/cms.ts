// The blog example's CMS as a real process on a free port with a temp SQLite file: the tests' data source,
// with upstream request counts and fault injection.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './http.js'
import { repoRoot } from './pack.js'
import { type Proc, spawnProc } from './processes.js'

export interface Post {
  id: string
  title: string
  content: string
}

export interface CmsStats {
  total: number
  /** Upstream requests per pathname, all methods. */
  paths: Record<string, number>
  /** Upstream requests per 'METHOD pathname'. */
  requests: Record<string, number>
}

export interface Cms {
  url: string
  proc: Proc
  stats(): Promise<CmsStats>
  /** Reads (GET/HEAD) of one pathname (e.g. '/blog/1'): what the app fetched, not the tests' own edits. */
  count(path: string): Promise<number>
  reset(): Promise<void>
  fail(
    mode: 'error' | 'hang' | 'slow' | 'off',
    paths?: string[],
    extra?: { status?: number; ms?: number },
  ): Promise<void>
  /** Edits a post without calling the blog's webhook. */
  edit(id: number | string, patch: Partial<Pick<Post, 'title' | 'content'>>): Promise<Post>
  create(post: Pick<Post, 'title' | 'content'>): Promise<Post>
  stop(): Promise<void>
}

async function call<T>(url: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  })
  const json = (await res.json()) as T
  if (!res.ok) throw new Error(`CMS ${method} ${url} → ${res.status} ${JSON.stringify(json)}`)
  return json
}

export async function startCms(
  opts: { seed?: number; blogUrl?: string; secret?: string; port?: number } = {},
): Promise<Cms> {
  const port = opts.port ?? (await freePort())
  const dbDir = mkdtempSync(join(tmpdir(), 'fresco-e2e-cms-'))
  const proc = spawnProc(process.execPath, [join(repoRoot, 'examples', 'blog', 'cms', 'server.mjs')], {
    cwd: dbDir,
    env: {
      CMS_PORT: String(port),
      CMS_DB: join(dbDir, 'cms.db'),
      CMS_SEED: String(opts.seed ?? 25),
      BLOG_URL: opts.blogUrl,
      REVALIDATE_SECRET: opts.secret,
    },
    label: 'cms',
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20_000
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`the CMS exited:\n${proc.output()}`)
    try {
      await (await fetch(`${url}/__stats`)).arrayBuffer()
      break
    } catch {
      if (Date.now() > deadline) throw new Error(`the CMS did not start:\n${proc.output()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const stats = () => call<CmsStats>(`${url}/__stats`, 'GET')
  return {
    url,
    proc,
    stats,
    count: async (path) => {
      const { requests } = await stats()
      return (requests[`GET ${path}`] ?? 0) + (requests[`HEAD ${path}`] ?? 0)
    },
    reset: async () => {
      await call(`${url}/__reset`, 'POST')
    },
    fail: async (mode, paths, extra = {}) => {
      await call(`${url}/__fail`, 'POST', { mode, ...(paths ? { paths } : {}), ...extra })
    },
    edit: (id, patch) => call<Post>(`${url}/blog/${id}?webhook=0`, 'PUT', patch),
    create: (post) => call<Post>(`${url}/blog?webhook=0`, 'POST', post),
    async stop() {
      await proc.stop()
      rmSync(dbDir, { recursive: true, force: true })
    },
  }
}
