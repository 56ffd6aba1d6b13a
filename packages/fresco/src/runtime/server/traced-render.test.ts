// Render spans named and typed as Next names them, per kind of route, with why a cached render ran.
import type { CacheEntry } from '@fresco/cache'
import { describe, expect, it } from 'vitest'
import { tracedRender, tracedRequestRender } from './traced-render.js'
import { recordingTracer } from './tracer-fixture.js'

const { tracer, spans } = recordingTracer()
const entry = { kind: 'page' } as CacheEntry
const regeneration = { reason: 'age 61s > revalidate 60s', signal: new AbortController().signal }

describe('render spans', () => {
  it('name each kind of render as Next does, and say why a cached one ran', async () => {
    expect(
      await tracedRender(tracer, { path: '/blog/[slug]', kind: 'page' }, async () => entry)(regeneration),
    ).toBe(entry)
    await tracedRender(tracer, { path: '/api/feed', kind: 'route' }, async () => entry)(regeneration)
    await tracedRequestRender(tracer, { path: '/posts/[id]', kind: 'pages' }, async () => 'page')
    expect(spans).toEqual([
      {
        type: 'AppRender.getBodyResult',
        name: 'render route (app) /blog/[slug]',
        attributes: {
          'next.route': '/blog/[slug]',
          'fresco.render': 'cached',
          'fresco.regeneration.reason': 'age 61s > revalidate 60s',
        },
      },
      expect.objectContaining({
        type: 'AppRouteRouteHandlers.runHandler',
        name: 'executing api route (app) /api/feed',
      }),
      {
        type: 'Render.renderDocument',
        name: 'render route (pages) /posts/[id]',
        attributes: { 'next.route': '/posts/[id]', 'fresco.render': 'dynamic' },
      },
    ])
  })
})
