import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMatcher } from '../runtime/server/match.js'
import { scanApp } from './scan.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** Create an app/ directory from a list of relative file paths; returns the app dir. */
async function makeApp(files: string[]): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'fresco-scan-'))
  dirs.push(root)
  const app = path.join(root, 'app')
  await mkdir(app, { recursive: true })
  for (const f of files) {
    await mkdir(path.dirname(path.join(app, f)), { recursive: true })
    await writeFile(path.join(app, f), 'export default function X() { return null }\n')
  }
  return app
}

const scanError = async (files: string[]) => {
  const app = await makeApp(files)
  return scanApp(app).then(
    () => {
      throw new Error('expected scanApp to throw')
    },
    (e: Error) => e.message,
  )
}

describe('scanApp: conventions', () => {
  it('builds routes with every file convention, groups and params', async () => {
    const app = await makeApp([
      'layout.tsx',
      'page.tsx',
      'not-found.tsx',
      'loading.jsx',
      '(shop)/layout.ts',
      '(shop)/blog/[id]/page.tsx',
      '(shop)/blog/[id]/error.tsx',
      '(shop)/blog/[id]/template.js',
      'docs/[...slug]/page.tsx',
      'files/[[...path]]/page.tsx',
      'api/items/route.ts',
      'blog/new/page.js',
      'components/button.tsx',
      'page.module.css',
    ])
    const tree = await scanApp(app)
    expect(tree.appDir).toBe(app)
    expect(tree.rootNotFound).toBe(path.join(app, 'not-found.tsx'))
    expect(tree.routes.map((r) => [r.path, r.id, r.kind])).toEqual([
      ['/', '/', 'page'],
      ['/api/items', '/api/items', 'route'],
      ['/blog/new', '/blog/new', 'page'],
      ['/blog/[id]', '/(shop)/blog/[id]', 'page'],
      ['/docs/[...slug]', '/docs/[...slug]', 'page'],
      ['/files/[[...path]]', '/files/[[...path]]', 'page'],
    ])
    const blog = tree.routes.find((r) => r.path === '/blog/[id]')!
    expect(blog.file).toBe(path.join(app, '(shop)/blog/[id]/page.tsx'))
    expect(blog.params).toEqual(['id'])
    expect(blog.segments.map((s) => [s.name, s.kind, s.param])).toEqual([
      ['', 'root', undefined],
      ['(shop)', 'group', undefined],
      ['blog', 'static', undefined],
      ['[id]', 'dynamic', 'id'],
    ])
    expect(blog.segments[0]!.files).toEqual({
      layout: path.join(app, 'layout.tsx'),
      page: path.join(app, 'page.tsx'),
      notFound: path.join(app, 'not-found.tsx'),
      loading: path.join(app, 'loading.jsx'),
    })
    expect(blog.segments[1]!.files).toEqual({ layout: path.join(app, '(shop)/layout.ts') })
    expect(blog.segments[3]!.files).toEqual({
      page: path.join(app, '(shop)/blog/[id]/page.tsx'),
      error: path.join(app, '(shop)/blog/[id]/error.tsx'),
      template: path.join(app, '(shop)/blog/[id]/template.js'),
    })
    expect(tree.routes.find((r) => r.path === '/docs/[...slug]')!.segments[2]).toMatchObject({
      kind: 'catchall',
      param: 'slug',
    })
    expect(tree.routes.find((r) => r.path === '/files/[[...path]]')!.segments[2]).toMatchObject({
      kind: 'optional-catchall',
      param: 'path',
    })
  })

  it('is plain JSON data and deterministic', async () => {
    const app = await makeApp(['layout.tsx', 'b/page.tsx', 'a/page.tsx', '[x]/page.tsx', 'a/[y]/page.tsx'])
    const tree = await scanApp(app)
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree)
    expect(tree.routes.map((r) => r.path)).toEqual(['/a', '/a/[y]', '/b', '/[x]'])
    expect(await scanApp(app)).toEqual(tree)
  })

  it('ignores private folders and decodes %5F folder names', async () => {
    const app = await makeApp(['layout.tsx', '_lib/page.tsx', '_lib/@x/page.tsx', '%5Finternal/page.tsx'])
    const tree = await scanApp(app)
    expect(tree.routes.map((r) => r.path)).toEqual(['/_internal'])
  })

  it('puts a page in a route group at the parent URL', async () => {
    const app = await makeApp(['layout.tsx', '(marketing)/page.tsx', '(marketing)/about/page.tsx'])
    const tree = await scanApp(app)
    expect(tree.routes.map((r) => [r.path, r.id])).toEqual([
      ['/', '/(marketing)'],
      ['/about', '/(marketing)/about'],
    ])
  })

  it('follows symlinked folders', async () => {
    const app = await makeApp(['layout.tsx'])
    const shared = path.join(path.dirname(app), 'shared')
    await mkdir(shared)
    await writeFile(path.join(shared, 'page.tsx'), '')
    await symlink(shared, path.join(app, 'linked'))
    expect((await scanApp(app)).routes.map((r) => r.path)).toEqual(['/linked'])
  })

  it('allows a catch-all with a group below it and a route handler next to a layout', async () => {
    const app = await makeApp(['layout.tsx', '[...all]/(g)/page.tsx', 'feed/layout.tsx', 'feed/route.ts'])
    expect((await scanApp(app)).routes.map((r) => r.id)).toEqual(['/feed', '/[...all]/(g)'])
  })
})

describe('scanApp → createMatcher', () => {
  it('matches URLs against a scanned app with the documented precedence', async () => {
    const app = await makeApp([
      'layout.tsx',
      'page.tsx',
      '(blog)/blog/[id]/page.tsx',
      'blog/new/page.tsx',
      'docs/[...slug]/page.tsx',
      '[...all]/route.ts',
    ])
    const { routes } = await scanApp(app)
    const match = createMatcher(routes)
    expect(match('/')?.routeId).toBe('/')
    expect(match('/blog/new')?.routeId).toBe('/blog/new')
    expect(match('/blog/7')).toEqual({
      routeId: '/(blog)/blog/[id]',
      params: { id: '7' },
      pathname: '/blog/7',
    })
    expect(match('/docs/a/b')?.params).toEqual({ slug: ['a', 'b'] })
    expect(match('/anything/else')).toMatchObject({
      routeId: '/[...all]',
      params: { all: ['anything', 'else'] },
    })
  })
})

describe('scanApp: errors', () => {
  it('requires the app directory', async () => {
    await expect(scanApp('/nonexistent/fresco/app')).rejects.toThrow(/\[fresco\] No app directory at/)
  })

  it('requires a root layout', async () => {
    expect(await scanError(['page.tsx'])).toMatch(
      /\[fresco\] app\/layout\.tsx is missing.*create app\/layout\.tsx/,
    )
    expect(await scanError(['(a)/layout.tsx', '(a)/page.tsx'])).toMatch(/app\/layout\.tsx is missing/)
  })

  it.each([
    [['layout.tsx', 'global-error.tsx'], /app\/global-error\.tsx: global-error\.tsx is not supported/],
    [['layout.tsx', 'page.mdx'], /app\/page\.mdx: MDX/],
  ])('rejects unsupported conventions %#', async (files, message) => {
    expect(await scanError(files)).toMatch(message)
  })

  it('rejects page and route in the same folder', async () => {
    expect(await scanError(['layout.tsx', 'api/page.tsx', 'api/route.ts'])).toMatch(
      /app\/api\/page\.tsx and app\/api\/route\.ts are in the same folder/,
    )
  })

  it('rejects two files for one convention', async () => {
    expect(await scanError(['layout.tsx', 'page.js', 'page.tsx'])).toMatch(
      /app\/page\.js and app\/page\.tsx define the same file convention/,
    )
  })

  it('rejects two routes with the same URL, naming both files', async () => {
    expect(await scanError(['layout.tsx', '(a)/about/page.tsx', '(b)/about/page.tsx'])).toMatch(
      /app\/\(a\)\/about\/page\.tsx and app\/\(b\)\/about\/page\.tsx both resolve to \/about/,
    )
    expect(await scanError(['layout.tsx', 'page.tsx', '(home)/route.ts'])).toMatch(
      /app\/page\.tsx and app\/\(home\)\/route\.ts both resolve to \/\./,
    )
  })

  it('rejects different parameter names at the same position', async () => {
    expect(await scanError(['layout.tsx', 'blog/[id]/page.tsx', 'blog/[slug]/page.tsx'])).toMatch(
      /app\/blog\/\[id\] and app\/blog\/\[slug\] use different parameter names \('id' !== 'slug'\)/,
    )
    expect(await scanError(['layout.tsx', '(a)/[id]/page.tsx', '(b)/[slug]/edit/page.tsx'])).toMatch(
      /different parameter names/,
    )
  })

  it('rejects a required and an optional catch-all at one level', async () => {
    expect(await scanError(['layout.tsx', 'd/[...a]/page.tsx', 'd/(x)/[[...a]]/page.tsx'])).toMatch(
      /a required and an optional catch-all cannot be used at the same level/,
    )
  })

  it('rejects a route at the bare prefix of an optional catch-all', async () => {
    expect(await scanError(['layout.tsx', 'docs/page.tsx', 'docs/[[...slug]]/page.tsx'])).toMatch(
      /app\/docs\/page\.tsx and app\/docs\/\[\[\.\.\.slug\]\]\/page\.tsx both match \/docs/,
    )
  })

  it.each([
    ['[...]', /The parameter needs a name/],
    ['[]', /The parameter needs a name/],
    ['[[id]]', /Optional parameters must be catch-all: use \[\[\.\.\.name\]\]/],
    ['[....x]', /may not start with a period/],
    ['a[id]', /Brackets must wrap the whole folder name/],
    ['[id]x', /Brackets must wrap the whole folder name/],
    ['()', /Route groups look like \(name\)/],
  ])('rejects the folder name %s', async (name, message) => {
    const msg = await scanError(['layout.tsx', `${name}/page.tsx`])
    expect(msg).toMatch(message)
    expect(msg).toContain(`app/${name}: invalid folder name`)
  })

  it('rejects a catch-all that is not last', async () => {
    expect(await scanError(['layout.tsx', 'docs/[...slug]/edit/page.tsx'])).toMatch(
      /app\/docs\/\[\.\.\.slug\]\/edit\/page\.tsx: a catch-all segment \(app\/docs\/\[\.\.\.slug\]\) must be the last/,
    )
  })

  it('rejects a repeated parameter name', async () => {
    expect(await scanError(['layout.tsx', '[id]/x/[id]/page.tsx'])).toMatch(
      /app\/\[id\]\/x\/\[id\]: the parameter name 'id' is used twice/,
    )
  })
})
