import { describe, expect, it } from 'vitest'
import type { BuildHooks, PrerenderResult, PrerenderRouteInfo } from '../runtime/server/build-hooks.js'
import { listJobs, prerenderAll, renderInThread } from './prerender.js'

const info = (id: string, extra: Partial<PrerenderRouteInfo> = {}): PrerenderRouteInfo => ({
  id,
  path: id,
  kind: 'page',
  file: `app${id}/page.tsx`,
  revalidate: false,
  dynamicMode: 'auto',
  dynamicParams: true,
  paramsDynamic: false,
  ...extra,
})

const stored: PrerenderResult = { kind: 'static', status: 200, revalidate: false, tags: [] }

describe('prerenderAll', () => {
  it('reports the pages it stored and the dynamic routes, not every path it rendered', async () => {
    const paths: Record<string, string[]> = {
      '/': ['/'],
      '/posts/[id]': ['/posts/1', '/posts/2'],
      // Rendered, then found dynamic: neither of its paths is a prerendered page.
      '/feed/[id]': ['/feed/1', '/feed/2'],
      '/me': ['/me'],
      // No generateStaticParams: nothing to render, dynamic all the same.
      '/search/[q]': [],
    }
    const hooks: BuildHooks = {
      routes: async () => [
        info('/'),
        info('/posts/[id]'),
        info('/feed/[id]'),
        info('/me'),
        info('/search/[q]', { paramsDynamic: true }),
      ],
      paths: async (id) => paths[id] ?? [],
      prerender: async (_id, pathname) =>
        pathname === '/feed/2' || pathname === '/me' ? { kind: 'dynamic', reason: 'cookies()' } : stored,
      implicitTags: () => [],
    }
    const chunks: string[] = []
    const manifest = await prerenderAll({
      ...(await listJobs(hooks)),
      render: renderInThread(hooks),
      buildId: 'b',
      concurrency: 2,
      expireTime: 31_536_000,
      out: { write: (s: string) => chunks.push(s) },
    })
    expect(manifest.routes.map((r) => [r.id, r.type, r.prerendered])).toEqual([
      ['/', 'static', ['/']],
      ['/posts/[id]', 'static', ['/posts/1', '/posts/2']],
      ['/feed/[id]', 'dynamic', []],
      ['/me', 'dynamic', []],
      ['/search/[q]', 'dynamic', []],
    ])
    expect(chunks.filter((c) => c.startsWith('Prerendering')).at(-1)).toBe('Prerendering 6/6 (100%)\n')
    expect(chunks.at(-1)).toBe('Prerendered 3 pages, 3 dynamic routes (3 of 6 rendered paths were dynamic)\n')
  })

  it('fails naming the path and file when a render can never finish, instead of letting Node exit 0', async () => {
    const hooks: BuildHooks = {
      routes: async () => [info('/'), info('/c', { file: 'c/page.tsx' })],
      paths: async (id) => [id],
      // A promise nothing resolves: the event loop drains and Node emits 'beforeExit'.
      prerender: (id) => (id === '/c' ? new Promise<PrerenderResult>(() => {}) : Promise.resolve(stored)),
      implicitTags: () => [],
    }
    const done = prerenderAll({
      ...(await listJobs(hooks)),
      render: renderInThread(hooks),
      buildId: 'b',
      concurrency: 2,
      expireTime: 1,
      out: { write: () => {} },
    })
    await new Promise((resolve) => setTimeout(resolve, 0))
    process.emit('beforeExit', 0)
    await expect(done).rejects.toThrow('[fresco] The build stopped while prerendering /c (app/c/page.tsx)')
  })
})
