import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMatcher } from '../runtime/server/match.js'
import { scanApp } from './scan.js'
import { scanPages, validateAllRoutes } from './scan-pages.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** A project root holding the given files (paths relative to the root). */
async function makeProject(files: string[]): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'fresco-scan-pages-'))
  dirs.push(root)
  for (const f of files) {
    await mkdir(path.dirname(path.join(root, f)), { recursive: true })
    await writeFile(path.join(root, f), 'export default function X() { return null }\n')
  }
  return root
}

describe('scanPages', () => {
  it('maps files to routes: index, nested, [id], [...slug], [[...slug]], api, specials', async () => {
    const root = await makeProject([
      'pages/index.tsx',
      'pages/about.tsx',
      'pages/_app.tsx',
      'pages/_document.tsx',
      'pages/404.tsx',
      'pages/blog/index.tsx',
      'pages/blog/[id].tsx',
      'pages/docs/[...slug].tsx',
      'pages/shop/[[...path]].tsx',
      'pages/api/revalidate.ts',
      'pages/api/items/[id].ts',
      'pages/blog/styles.module.css',
      'pages/types.d.ts',
    ])
    const tree = await scanPages(path.join(root, 'pages'))
    const routes = tree.routes.map((r) => [r.path, r.kind, r.params, path.relative(root, r.file)])
    expect(routes).toEqual([
      ['/', 'page', [], 'pages/index.tsx'],
      ['/about', 'page', [], 'pages/about.tsx'],
      ['/api/items/[id]', 'api', ['id'], 'pages/api/items/[id].ts'],
      ['/api/revalidate', 'api', [], 'pages/api/revalidate.ts'],
      ['/blog', 'page', [], 'pages/blog/index.tsx'],
      ['/blog/[id]', 'page', ['id'], 'pages/blog/[id].tsx'],
      ['/docs/[...slug]', 'page', ['slug'], 'pages/docs/[...slug].tsx'],
      ['/shop/[[...path]]', 'page', ['path'], 'pages/shop/[[...path]].tsx'],
    ])
    expect(tree.routes.every((r) => r.id === `pages:${r.path}`)).toBe(true)
    expect(path.relative(root, tree.app ?? '')).toBe('pages/_app.tsx')
    expect(path.relative(root, tree.document ?? '')).toBe('pages/_document.tsx')
    expect(path.relative(root, tree.notFound ?? '')).toBe('pages/404.tsx')

    const match = createMatcher(tree.routes.map((r) => ({ id: r.id, path: r.path, kind: 'page' as const })))
    expect(match('/blog/7')).toMatchObject({ routeId: 'pages:/blog/[id]', params: { id: '7' } })
    expect(match('/shop')).toMatchObject({ routeId: 'pages:/shop/[[...path]]', params: {} })
    expect(match('/docs/a/b')).toMatchObject({ params: { slug: ['a', 'b'] } })
  })

  it('keeps names without brackets literal: (group), @x and _x are URL segments in pages/', async () => {
    const root = await makeProject(['pages/(shop)/cart.tsx', 'pages/@me.tsx', 'pages/blog/_draft.tsx'])
    const tree = await scanPages(path.join(root, 'pages'))
    expect(tree.routes.map((r) => r.path).sort()).toEqual(['/(shop)/cart', '/@me', '/blog/_draft'])
  })

  it('refuses special files Fresco does not implement, naming them', async () => {
    const root = await makeProject(['pages/_middleware.ts'])
    await expect(scanPages(path.join(root, 'pages'))).rejects.toThrow(
      /pages\/_middleware\.ts: pages\/_middleware/,
    )
  })

  it('takes pages/500 and pages/_error as special files, not routes', async () => {
    const root = await makeProject(['pages/500.tsx', 'pages/_error.tsx', 'pages/index.tsx'])
    const tree = await scanPages(path.join(root, 'pages'))
    expect(tree.routes.map((r) => r.path)).toEqual(['/'])
    expect(tree.serverError).toMatch(/pages\/500\.tsx$/)
    expect(tree.error).toMatch(/pages\/_error\.tsx$/)
  })

  it('refuses invalid bracket names as app/ does', async () => {
    const root = await makeProject(['pages/[[id]].tsx'])
    await expect(scanPages(path.join(root, 'pages'))).rejects.toThrow(/Optional parameters must be catch-all/)
  })
})

describe('validateAllRoutes', () => {
  const check = async (files: string[]) => {
    const root = await makeProject(files)
    const app = files.some((f) => f.startsWith('app/')) ? await scanApp(path.join(root, 'app')) : undefined
    const pages = await scanPages(path.join(root, 'pages'))
    validateAllRoutes(app?.routes ?? [], pages, root)
  }

  it('a URL claimed by app/ and pages/ is an error naming both files', async () => {
    await expect(
      check(['app/layout.tsx', 'app/about/page.tsx', 'pages/about.tsx', 'pages/index.tsx']),
    ).rejects.toThrow(/app\/about\/page\.tsx and pages\/about\.tsx both resolve to \/about/)
    await expect(check(['app/layout.tsx', 'app/api/x/route.ts', 'pages/api/x.ts'])).rejects.toThrow(
      /app\/api\/x\/route\.ts and pages\/api\/x\.ts both resolve to \/api\/x/,
    )
  })

  it('two files of pages/ for one URL, and different parameter names, are errors', async () => {
    await expect(check(['pages/blog.tsx', 'pages/blog/index.tsx'])).rejects.toThrow(
      /pages\/blog\.tsx and pages\/blog\/index\.tsx both resolve to \/blog/,
    )
    await expect(check(['pages/blog/[id].tsx', 'pages/blog/[slug]/edit.tsx'])).rejects.toThrow(
      /different parameter names \('id' !== 'slug'\)/,
    )
    await expect(check(['app/layout.tsx', 'app/docs/[[...a]]/page.tsx', 'pages/docs.tsx'])).rejects.toThrow(
      /both match \/docs/,
    )
  })

  it('both routers side by side on different URLs are fine', async () => {
    await expect(
      check(['app/layout.tsx', 'app/page.tsx', 'app/shop/page.tsx', 'pages/blog/[id].tsx', 'pages/api/x.ts']),
    ).resolves.toBeUndefined()
  })
})
