import { describe, expect, it } from 'vitest'
import { implicitTags, limitTags, MAX_TAGS, pathTag, routePath } from './tags.js'
import { createRecordingLogger } from './testing.js'

describe('implicitTags', () => {
  const table: [route: string, pathname: string, tags: string[]][] = [
    [
      'app/blog/[id]/page.tsx',
      '/blog/1',
      ['/layout', '/blog/layout', '/blog/[id]/layout', '/blog/[id]/page', '/blog/1'],
    ],
    ['app/page.tsx', '/', ['/layout', '/page', '/', '/index']],
    ['app/index/page.tsx', '/index', ['/layout', '/index/layout', '/index/page', '/index', '/']],
    [
      'app/(shop)/cart/page.tsx',
      '/cart',
      ['/layout', '/(shop)/layout', '/(shop)/cart/layout', '/(shop)/cart/page', '/cart'],
    ],
    [
      'app/api/posts/route.ts',
      '/api/posts',
      ['/layout', '/api/layout', '/api/posts/layout', '/api/posts/route', '/api/posts'],
    ],
    [
      'src/app/docs/[...slug]/page.mdx',
      '/docs/a/b/',
      ['/layout', '/docs/layout', '/docs/[...slug]/layout', '/docs/[...slug]/page', '/docs/a/b'],
    ],
    [
      '/blog/[id]/page',
      '/blog/2',
      ['/layout', '/blog/layout', '/blog/[id]/layout', '/blog/[id]/page', '/blog/2'],
    ],
  ]
  for (const [route, pathname, expected] of table) {
    it(`${route} at ${pathname}`, () => {
      expect(implicitTags(route, pathname)).toEqual(expected.map((tag) => `_N_T_${tag}`))
    })
  }

  it('normalises route files', () => {
    expect(routePath('app\\blog\\page.jsx')).toBe('/blog/page')
    expect(routePath('/blog/[id]')).toBe('/blog/[id]/page')
    expect(routePath('/')).toBe('/page')
  })

  it('drops an over-long pathname tag with a warning, never throws', () => {
    const logger = createRecordingLogger()
    const tags = implicitTags('app/[slug]/page.tsx', `/${'a'.repeat(1100)}`, logger)
    expect(tags).toEqual(['_N_T_/layout', '_N_T_/[slug]/layout', '_N_T_/[slug]/page'])
    expect(logger.of('warn')[0]).toContain('1024')
  })
})

describe('pathTag (revalidatePath → one implicit tag)', () => {
  it('maps each form onto exactly one tag of implicitTags', () => {
    const page = implicitTags('app/blog/[id]/page.tsx', '/blog/1')
    expect(pathTag('/blog/1')).toBe('_N_T_/blog/1')
    expect(pathTag('/blog/[id]', 'page')).toBe('_N_T_/blog/[id]/page')
    expect(pathTag('/blog', 'layout')).toBe('_N_T_/blog/layout')
    expect(pathTag('/', 'layout')).toBe('_N_T_/layout')
    for (const tag of [pathTag('/blog/1'), pathTag('/blog/[id]', 'page'), pathTag('/', 'layout')])
      expect(page).toContain(tag)
  })

  it('handles the root and its /index alias', () => {
    const root = implicitTags('app/page.tsx', '/')
    expect(root).toContain(pathTag('/'))
    expect(root).toContain(pathTag('/index'))
    expect(pathTag('/', 'page')).toBe('_N_T_/page')
    expect(root).toContain(pathTag('/', 'page'))
  })

  it('normalises a trailing slash and a missing leading slash', () => {
    expect(pathTag('/blog/1/')).toBe('_N_T_/blog/1')
    expect(pathTag('blog/1')).toBe('_N_T_/blog/1')
  })

  it('warns about a dynamic path without a type, and about an over-long path', () => {
    const logger = createRecordingLogger()
    expect(pathTag('/blog/[id]', undefined, logger)).toBe('_N_T_/blog/[id]')
    expect(pathTag(`/${'x'.repeat(1024)}`, undefined, logger)).toBeUndefined()
    const warnings = logger.of('warn')
    expect(warnings[0]).toContain("pass 'page' or 'layout'")
    expect(warnings[1]).toContain('1024')
  })
})

describe('limitTags', () => {
  it('returns the same array when within limits', () => {
    const tags = ['a', '_N_T_/x']
    expect(limitTags(tags)).toBe(tags)
  })

  it('drops over-long and surplus tags with a warning naming tag and limit', () => {
    const logger = createRecordingLogger()
    const many = Array.from({ length: 130 }, (_, i) => `t${i}`)
    const long = 'L'.repeat(257)
    const kept = limitTags([...many, long, '_N_T_/layout', 't1'], logger, 'route:/x')
    expect(kept).toHaveLength(MAX_TAGS + 1)
    expect(kept).toContain('_N_T_/layout')
    expect(kept).not.toContain('t129')
    const warnings = logger.of('warn')
    expect(warnings.some((w) => w.includes('"t128"') && w.includes('128'))).toBe(true)
    expect(warnings.some((w) => w.includes('256 characters'))).toBe(true)
  })
})
