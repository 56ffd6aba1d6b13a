import { describe, expect, it } from 'vitest'
import { isBot } from './bot.js'
import { checkServerSideProps, checkStaticProps } from './data-result.js'
import { dataUrl, parseDataUrl } from './data-url.js'
import { resolveHref } from './router-context.js'
import { checkStaticPaths } from './static-paths.js'

const PAGE = 'pages/blog/[id].tsx'

describe('checkStaticProps', () => {
  it('normalises props, revalidate, notFound and redirect', () => {
    expect(checkStaticProps(PAGE, { props: { a: 1 }, revalidate: 60 })).toEqual({
      kind: 'props',
      props: { a: 1 },
      revalidate: 60,
    })
    // No revalidate: static until res.revalidate() (the spec's default false).
    expect(checkStaticProps(PAGE, { props: {} })).toEqual({ kind: 'props', props: {}, revalidate: false })
    expect(checkStaticProps(PAGE, { props: {}, revalidate: true })).toMatchObject({ revalidate: 1 })
    expect(checkStaticProps(PAGE, { notFound: true, revalidate: 5 })).toEqual({
      kind: 'not-found',
      revalidate: 5,
    })
    expect(checkStaticProps(PAGE, { redirect: { destination: '/x', permanent: false } })).toEqual({
      kind: 'redirect',
      destination: '/x',
      status: 307,
      revalidate: false,
    })
    expect(checkStaticProps(PAGE, { redirect: { destination: '/x', statusCode: 301 } })).toMatchObject({
      status: 301,
    })
  })

  it("names the page and the key in Next's validation errors", () => {
    expect(() => checkStaticProps(PAGE, { props: {}, revalidate: 1.5 })).toThrow(
      /pages\/blog\/\[id\]\.tsx returned revalidate: 1\.5.*use 2/,
    )
    expect(() => checkStaticProps(PAGE, { props: {}, revalidate: -1 })).toThrow(/revalidate: -1/)
    expect(() => checkStaticProps(PAGE, { props: {}, revalidate: 0 })).toThrow(/revalidate: 0/)
    expect(() => checkStaticProps(PAGE, { props: {}, revalidate: '60' })).toThrow(/revalidate: '60'/)
    expect(() => checkStaticProps(PAGE, { prop: {}, revalidat: 60 })).toThrow(
      /getStaticProps of pages\/blog\/\[id\]\.tsx returned unknown keys: prop, revalidat/,
    )
    expect(() => checkStaticProps(PAGE, { notFound: true, redirect: { destination: '/' } })).toThrow(
      /both notFound and redirect/,
    )
    expect(() =>
      checkStaticProps(PAGE, { redirect: { destination: '/', permanent: true, statusCode: 301 } }),
    ).toThrow(/can not both be provided/)
    expect(() => checkStaticProps(PAGE, { redirect: { destination: '/', statusCode: 200 } })).toThrow(
      /statusCode 200/,
    )
    expect(() => checkStaticProps(PAGE, { props: [] })).toThrow(/props must be a plain object/)
    expect(() => checkStaticProps(PAGE, null)).toThrow(/returned null/)
  })

  it('getServerSideProps has no revalidate and may return props as a promise', async () => {
    await expect(checkServerSideProps(PAGE, { props: Promise.resolve({ a: 1 }) })).resolves.toEqual({
      kind: 'props',
      props: { a: 1 },
      revalidate: false,
    })
    await expect(checkServerSideProps(PAGE, { props: {}, revalidate: 5 })).rejects.toThrow(
      /getServerSideProps of .* unknown keys: revalidate/,
    )
  })
})

describe('checkStaticPaths', () => {
  it('accepts strings and { params }, canonically encoded and deduplicated', () => {
    expect(
      checkStaticPaths(PAGE, '/blog/[id]', {
        paths: ['/blog/1', { params: { id: '2' } }, { params: { id: 'a b' } }, '/blog/a%20b', '/blog/1?x=1'],
        fallback: 'blocking',
      }),
    ).toEqual({ pathnames: ['/blog/1', '/blog/2', '/blog/a%20b'], fallback: 'blocking' })
    expect(
      checkStaticPaths(PAGE, '/docs/[[...slug]]', {
        paths: [{ params: { slug: [] } }, { params: { slug: ['a', 'b'] } }],
        fallback: false,
      }),
    ).toEqual({ pathnames: ['/docs', '/docs/a/b'], fallback: false })
  })

  it('refuses bad fallback values, unknown keys and paths of another page', () => {
    expect(() => checkStaticPaths(PAGE, '/blog/[id]', { paths: [] })).toThrow(/fallback: undefined/)
    expect(() => checkStaticPaths(PAGE, '/blog/[id]', { paths: [], fallback: 'yes' })).toThrow(
      /fallback: 'yes'/,
    )
    expect(() => checkStaticPaths(PAGE, '/blog/[id]', { paths: [], fallback: false, revalidate: 1 })).toThrow(
      /unknown keys: revalidate/,
    )
    expect(() => checkStaticPaths(PAGE, '/blog/[id]', { paths: ['/docs/1'], fallback: false })).toThrow(
      /'\/docs\/1'.*does not match the page's pattern \/blog\/\[id\]/,
    )
    expect(() => checkStaticPaths(PAGE, '/blog/[id]', { paths: [{ params: {} }], fallback: false })).toThrow(
      /id/,
    )
    expect(() => checkStaticPaths(PAGE, '/blog/[id]', { paths: [{ id: '1' }], fallback: false })).toThrow(
      /Each path is a string/,
    )
  })
})

describe('data URLs', () => {
  it('round-trips page pathnames, / as /index.json', () => {
    expect(dataUrl('B1', '/')).toBe('/_fresco/data/B1/index.json')
    expect(dataUrl('B1', '/blog/1')).toBe('/_fresco/data/B1/blog/1.json')
    expect(parseDataUrl('/_fresco/data/B1/index.json', 'B1')).toEqual({ kind: 'data', pathname: '/' })
    expect(parseDataUrl('/_fresco/data/B1/blog/1.json', 'B1')).toEqual({ kind: 'data', pathname: '/blog/1' })
  })

  it('another build id or a malformed data URL is never a page', () => {
    expect(parseDataUrl('/_fresco/data/OLD/blog/1.json', 'B1')).toEqual({ kind: 'other-build' })
    expect(parseDataUrl('/_fresco/data/B1/blog/1', 'B1')).toEqual({ kind: 'other-build' })
    expect(parseDataUrl('/_fresco/data/B1/.json', 'B1')).toEqual({ kind: 'other-build' })
    expect(parseDataUrl('/_fresco/data/B1.json', 'B1')).toEqual({ kind: 'other-build' })
    expect(parseDataUrl('/blog/1.json', 'B1')).toBeUndefined()
  })
})

describe('isBot', () => {
  it('knows the crawlers Next gives the blocking render', () => {
    expect(isBot('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toBe(true)
    expect(isBot('Mozilla/5.0 (compatible; bingbot/2.0)')).toBe(true)
    expect(isBot(['facebookexternalhit/1.1'])).toBe(true)
    expect(isBot('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36')).toBe(false)
    expect(isBot(undefined)).toBe(false)
    expect(isBot(`Googlebot${'x'.repeat(5000)}`)).toBe(false)
  })
})

describe('resolveHref', () => {
  it('fills [param] patterns from the query and keeps the rest as the search string', () => {
    expect(resolveHref('/blog/1?x=1')).toBe('/blog/1?x=1')
    expect(resolveHref({ pathname: '/blog/[id]', query: { id: '7', ref: 'home' } })).toBe('/blog/7?ref=home')
    expect(resolveHref({ pathname: '/docs/[...slug]', query: { slug: ['a', 'b c'] }, hash: 'top' })).toBe(
      '/docs/a/b%20c#top',
    )
    expect(resolveHref({ pathname: '/shop/[[...path]]', query: {} })).toBe('/shop')
  })
})
