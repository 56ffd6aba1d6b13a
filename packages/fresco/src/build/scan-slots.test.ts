// Parallel routes (@name folders, default.tsx) and intercepting routes ((.), (..), (..)(..), (...))
// in the scan: what each slot holds, what each intercepting route intercepts and from where, and
// the errors for what cannot work.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { scanApp } from './scan.js'
import { interceptRules } from './scan-slots.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function makeApp(files: string[]): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'fresco-slots-'))
  dirs.push(root)
  const app = path.join(root, 'app')
  for (const f of files) {
    await mkdir(path.dirname(path.join(app, f)), { recursive: true })
    await writeFile(path.join(app, f), 'export default function X() { return null }\n')
  }
  return app
}

const scanError = async (files: string[]) =>
  scanApp(await makeApp(files)).then(
    () => {
      throw new Error('expected scanApp to throw')
    },
    (e: Error) => e.message,
  )

describe('parallel routes', () => {
  it('a slot belongs to the layout beside it; its pages match the URL below that layout', async () => {
    const tree = await scanApp(
      await makeApp([
        'layout.tsx',
        'page.tsx',
        'dashboard/layout.tsx',
        'dashboard/page.tsx',
        'dashboard/default.tsx',
        'dashboard/@team/page.tsx',
        'dashboard/@team/default.tsx',
        'dashboard/@team/(g)/members/[id]/page.tsx',
        'dashboard/@analytics/loading.tsx',
        'dashboard/@analytics/page.tsx',
      ]),
    )
    // Slots add no URL segment; a URL only a slot has a page for is a route (see below).
    expect(tree.routes.map((r) => [r.path, r.slotOnly?.below])).toEqual([
      ['/', undefined],
      ['/dashboard', undefined],
      ['/dashboard/members/[id]', '/members/[id]'],
    ])
    const dashboard = tree.routes[1]!.segments[1]!
    expect(Object.keys(dashboard.slots ?? {})).toEqual(['analytics', 'team'])
    const team = dashboard.slots!.team!
    expect(team.segment.kind).toBe('slot')
    expect(team.segment.files.default).toMatch(/@team\/default\.tsx$/)
    expect(team.routes.map((r) => [r.id, r.path, r.params])).toEqual([
      ['/@team', '/', []],
      ['/@team/(g)/members/[id]', '/members/[id]', ['id']],
    ])
    expect(dashboard.slots!.analytics!.segment.files.loading).toMatch(/@analytics\/loading\.tsx$/)
  })

  it('a URL only a slot has a page for is a route: the layouts down to the slot, the slot page as its file', async () => {
    const tree = await scanApp(
      await makeApp([
        'layout.tsx',
        'default.tsx',
        'page.tsx',
        'about/page.tsx',
        '@modal/default.tsx',
        '@modal/about/page.tsx',
        '@modal/login/page.tsx',
        '@modal/(.)photos/[id]/page.tsx',
        '@side/login/page.tsx',
        '[lang]/layout.tsx',
        '[lang]/default.tsx',
        '[lang]/page.tsx',
        '[lang]/@panel/(g)/help/[topic]/page.tsx',
      ]),
    )
    const slotOnly = tree.routes.filter((r) => r.slotOnly)
    // /about has a page (no route added); /login once for two slots; intercepting pages never.
    expect(slotOnly.map((r) => [r.id, r.path, r.params, r.slotOnly?.below])).toEqual([
      ['/@modal/login', '/login', [], '/login'],
      ['/[lang]/@panel/(g)/help/[topic]', '/[lang]/help/[topic]', ['lang', 'topic'], '/help/[topic]'],
    ])
    expect(slotOnly[0]!.file).toMatch(/app\/@modal\/login\/page\.tsx$/)
    expect(slotOnly[0]!.segments.map((s) => s.name)).toEqual([''])
    expect(slotOnly[1]!.segments.map((s) => s.name)).toEqual(['', '[lang]'])
  })

  it('default.tsx is a convention in any folder (the fallback of children)', async () => {
    const tree = await scanApp(await makeApp(['layout.tsx', 'default.tsx', 'page.tsx']))
    expect(tree.routes[0]!.segments[0]!.files.default).toMatch(/app\/default\.tsx$/)
  })

  it.each([
    [
      ['layout.tsx', 'feed/page.tsx', 'feed/@modal/page.tsx'],
      /app\/feed\/@modal: a slot is passed .*Add app\/feed\/layout\.tsx rendering \{modal\}/,
    ],
    [['layout.tsx', '@children/page.tsx'], /app\/@children: invalid folder name\. Slots look like @name/],
    [['layout.tsx', '@my-slot/page.tsx'], /app\/@my-slot: invalid folder name/],
    [['layout.tsx', '@modal/api/route.ts'], /app\/@modal\/api: .*holds pages, not route handlers/],
    [['layout.tsx', '@a/x/page.tsx', '@a/(g)/x/page.tsx'], /both resolve to \/x/],
    // Next 16.5: "Parallel route slots cannot render the same URLs … missing … default.tsx in children".
    [
      ['layout.tsx', 'page.tsx', '@modal/default.tsx', '@modal/login/page.tsx'],
      /app\/@modal\/login\/page\.tsx: \/login is missing a matching page or default\.tsx in children.*Add app\/default\.tsx/,
    ],
    [
      ['layout.tsx', 'default.tsx', '[slug]/x/page.tsx', '@m/[id]/y/page.tsx'],
      /app\/\[slug\] and app\/@m\/\[id\] use different parameter names/,
    ],
  ])('rejects %#', async (files, message) => {
    expect(await scanError(files)).toMatch(message)
  })
})

describe('intercepting routes', () => {
  it('resolves each marker against the route segments of its folder (groups and slots do not count)', async () => {
    const tree = await scanApp(
      await makeApp([
        'layout.tsx',
        'page.tsx',
        '@modal/default.tsx',
        '@modal/(.)photos/[id]/page.tsx',
        'feed/layout.tsx',
        'feed/page.tsx',
        'feed/@modal/(..)photos/[id]/page.tsx',
        'feed/(g)/deep/layout.tsx',
        'feed/(g)/deep/page.tsx',
        'feed/(g)/deep/@m/(..)(..)login/page.tsx',
        'feed/(g)/deep/@m/(...)about/page.tsx',
      ]),
    )
    expect(interceptRules(tree).sort((a, b) => (a.from + a.path < b.from + b.path ? -1 : 1))).toEqual([
      { path: '/photos/[id]', from: '/' },
      { path: '/about', from: '/feed/deep' },
      { path: '/login', from: '/feed/deep' },
      { path: '/photos/[id]', from: '/feed' },
    ])
    // An intercepting page never becomes a URL of its own.
    expect(tree.routes.map((r) => r.path).sort()).toEqual(['/', '/feed', '/feed/deep'])
  })

  it('in children (no slot): a route of its own kind, never a URL, nothing below it either', async () => {
    const tree = await scanApp(
      await makeApp([
        'layout.tsx',
        'page.tsx',
        'photo/[id]/page.tsx',
        'feed/layout.tsx',
        'feed/page.tsx',
        'feed/(..)photo/[id]/page.tsx',
        'feed/(..)photo/[id]/icon.png',
        'feed/(g)/(.)about/page.tsx',
        '[lang]/shop/(...)cart/page.tsx',
        '[lang]/layout.tsx',
      ]),
    )
    expect(tree.routes.map((r) => r.path)).toEqual(['/', '/feed', '/photo/[id]'])
    expect(tree.intercepting?.map((r) => [r.id, r.path, r.params, r.intercepts])).toEqual([
      ['/[lang]/shop/(...)cart', '/cart', ['lang'], { path: '/cart', from: '/[lang]/shop' }],
      ['/feed/(..)photo/[id]', '/photo/[id]', ['id'], { path: '/photo/[id]', from: '/feed' }],
      ['/feed/(g)/(.)about', '/feed/about', [], { path: '/feed/about', from: '/feed' }],
    ])
    // The browser gets these rules too (its Router Cache keys those URLs by the page navigated from).
    expect(interceptRules(tree)).toContainEqual({ path: '/photo/[id]', from: '/feed' })
  })

  it.each([
    [['layout.tsx', 'feed/(.)photo/route.ts'], /app\/feed\/\(\.\)photo: .*holds pages, not route handlers/],
    [['layout.tsx', '(..)photo/page.tsx'], /app\/\(\.\.\)photo: .*climbs above app\//],
    [['layout.tsx', 'feed/(.)a/(.)b/page.tsx'], /intercepts once/],
    [['layout.tsx', '@m/(..)photo/page.tsx'], /app\/@m\/\(\.\.\)photo: .*climbs above app\//],
    [['layout.tsx', '@m/(.)/page.tsx'], /names the segment it intercepts/],
    [['layout.tsx', '@m/(.)a/(.)b/page.tsx'], /intercepts once/],
  ])('rejects %#', async (files, message) => {
    expect(await scanError(files)).toMatch(message)
  })
})
