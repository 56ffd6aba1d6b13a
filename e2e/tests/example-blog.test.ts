// The blog example itself (examples/blog: next/* imports, a CMS webhook, a Server Action), built from the
// tarballs, with its CMS calling the blog's revalidate webhook after every change.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  type Cms,
  createApp,
  formBody,
  freePort,
  readForm,
  repoRoot,
  type Server,
  startCms,
} from '../harness/index.js'

const SECRET = 'example-secret-abcdef'
let cms: Cms
let app: App
let server: Server

beforeAll(async () => {
  const port = await freePort()
  cms = await startCms({ seed: 25, blogUrl: `http://127.0.0.1:${port}`, secret: SECRET })
  const env = { CMS_URL: cms.url, REVALIDATE_SECRET: SECRET }
  app = await createApp(join(repoRoot, 'examples', 'blog'))
  const build = await app.build(env)
  if (build.code !== 0)
    throw new Error(`fresco build of examples/blog failed (${build.code}):\n${build.output}`)
  server = await app.start(env, port)
})

afterAll(async () => {
  await app?.cleanup()
  await cms?.stop()
})

describe('examples/blog', () => {
  it('lists the 25 posts from cache, revalidated hourly', async () => {
    const r = await server.get('/blog')
    expect(r.status).toBe(200)
    expect(r.cache).toBe('HIT')
    expect(r.headers.get('cache-control')).toBe('s-maxage=3600, stale-while-revalidate=31532400')
    expect(r.text.match(/href="\/blog\/\d+"/g)?.length).toBe(25)
    expect(r.text).toContain('<title>Blog posts · The Fresco blog</title>')
  })

  it('prerenders each post with generateMetadata', async () => {
    const r = await server.get('/blog/3')
    expect(r.cache).toBe('HIT')
    expect(r.headers.get('cache-control')).toBe('s-maxage=60, stale-while-revalidate=31535940')
    expect(r.text).toContain('<title>Post 3: notes on streaming · The Fresco blog</title>')
  })

  it('each post says when its cached copy was rendered and how often it is revalidated', async () => {
    const renderedAt = (html: string) => /Rendered at (?:<!-- -->)?(\d\d:\d\d:\d\d) UTC in/.exec(html)?.[1]
    const first = await server.get('/blog/4')
    expect(first.text).toContain('id="isr-status"')
    expect(first.text).toMatch(/revalidated every (?:<!-- -->)?60(?:<!-- -->)? s\./)
    const again = await server.get('/blog/4')
    expect(again.cache).toBe('HIT')
    // The same cached copy: the same render time, whatever the time of the request.
    expect(renderedAt(again.text)).toBeDefined()
    expect(renderedAt(again.text)).toBe(renderedAt(first.text))
  })

  it('an edit in the CMS calls the webhook, which refreshes the post and the list', async () => {
    const res = await fetch(`${cms.url}/blog/1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Edited in the CMS admin' }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-cms-webhook')).toBe('200')
    const post = await server.get('/blog/1')
    expect(post.text).toContain('Edited in the CMS admin')
    const list = await server.get('/blog')
    expect(list.text).toContain('Edited in the CMS admin')
  })

  it('the webhook refuses a wrong secret', async () => {
    const r = await server.get('/api/revalidate?secret=not-the-secret&tag=posts', { method: 'POST' })
    expect(r.status).toBe(401)
    const none = await server.get('/api/revalidate?tag=posts', { method: 'POST' })
    expect(none.status).toBe(401)
  })

  it('publishes a post with the Server Action form, without JavaScript', async () => {
    const page = await server.get('/blog')
    const form = readForm(page.text, 'new-post')
    const res = await server.get('/blog', {
      method: 'POST',
      body: formBody(form, { title: 'Published by form', content: 'x' }),
    })
    expect([200, 303]).toContain(res.status)
    expect((await server.get('/blog')).text).toContain('Published by form')
    const created = await server.get('/blog/26')
    expect(created.status).toBe(200)
    expect(created.text).toContain('Published by form')
  })

  it('answers unknown posts with the not-found page', async () => {
    const r = await server.get('/blog/999')
    expect(r.status).toBe(404)
    expect(r.text).toContain('There is no post here.')
  })

  it('answers any id that cannot name a post with the not-found page, without asking the CMS or logging an error', async () => {
    const ids = ['12345678901234567890', '-1', '1.5', '0x10', '%20', '0', '007', '1e3', '9'.repeat(1000)]
    const logBefore = server.proc.output().length
    for (const id of ids) {
      const r = await server.get(`/blog/${id}`)
      expect(r.status, `/blog/${id.slice(0, 24)}`).toBe(404)
      expect(r.text).toContain('There is no post here.')
    }
    const { paths } = await cms.stats()
    expect(ids.filter((id) => paths[`/blog/${id}`])).toEqual([]) // nothing the CMS would refuse is sent to it
    expect(server.proc.output().slice(logBefore)).not.toMatch(/error|CMS answered|\bat /i)
  })
})
