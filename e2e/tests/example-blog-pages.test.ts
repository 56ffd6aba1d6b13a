// The Pages Router blog example itself (examples/blog-pages), built from the tarballs, with the
// blog's CMS calling its `pages/api/revalidate` webhook (res.revalidate) after every change.
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, type Cms, createApp, freePort, repoRoot, type Server, startCms } from '../harness/index.js'

const SECRET = 'example-pages-secret-123'
let cms: Cms
let app: App
let server: Server

/**
 * The example imports the App Router blog's lib/ (`../../blog/lib/cms`) from its sibling folder;
 * the harness copies only the app's own folders, so that lib/ is copied in and the import paths
 * point at the copy. Nothing else of the example changes.
 */
function bringBlogLib(dir: string): void {
  cpSync(join(repoRoot, 'examples', 'blog', 'lib'), join(dir, 'lib'), { recursive: true })
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const file = join(folder, name)
      if (statSync(file).isDirectory()) walk(file)
      else if (/\.tsx?$/.test(name)) {
        const toLib = relative(folder, join(dir, 'lib')).split('\\').join('/')
        const text = readFileSync(file, 'utf8').replace(/(?:\.\.\/)+blog\/lib\//g, `${toLib}/`)
        writeFileSync(file, text)
      }
    }
  }
  walk(join(dir, 'pages'))
}

beforeAll(async () => {
  const port = await freePort()
  cms = await startCms({ seed: 25, blogUrl: `http://127.0.0.1:${port}`, secret: SECRET })
  const env = { CMS_URL: cms.url, REVALIDATE_SECRET: SECRET }
  app = await createApp(join(repoRoot, 'examples', 'blog-pages'))
  bringBlogLib(app.dir)
  const build = await app.build(env)
  if (build.code !== 0)
    throw new Error(`fresco build of examples/blog-pages failed (${build.code}):\n${build.output}`)
  server = await app.start(env, port)
})

afterAll(async () => {
  await app?.cleanup()
  await cms?.stop()
})

describe('examples/blog-pages', () => {
  it('serves the home page and the 25 prerendered posts from cache with the ISR Cache-Control', async () => {
    const home = await server.get('/')
    expect(home.status).toBe(200)
    expect(home.cache).toBe('HIT')
    expect(home.text.match(/href="\/blog\/\d+"/g)?.length).toBe(25)
    for (const id of [1, 13, 25]) {
      const post = await server.get(`/blog/${id}`)
      expect(post.cache, `/blog/${id}`).toBe('HIT')
      expect(post.headers.get('cache-control')).toBe('s-maxage=60, stale-while-revalidate=31535940')
      expect(post.text).toMatch(new RegExp(`<h1>Post ${id}: `))
    }
  })

  it('an edit in the CMS calls the webhook (res.revalidate): the post and the home page show it at once', async () => {
    const res = await fetch(`${cms.url}/blog/2`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Edited for the Pages Router' }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-cms-webhook')).toBe('200')
    const post = await server.get('/blog/2')
    expect(post.cache).toBe('HIT')
    expect(post.text).toContain('<h1>Edited for the Pages Router</h1>')
    expect((await server.get('/')).text).toContain('Edited for the Pages Router')
  })

  it('refuses the webhook with a wrong secret', async () => {
    const r = await server.get('/api/revalidate?secret=nope&path=/blog/3', { method: 'POST' })
    expect(r.status).toBe(401)
  })
})
