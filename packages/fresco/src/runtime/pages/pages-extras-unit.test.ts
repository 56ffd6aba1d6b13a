import { describe, expect, it } from 'vitest'
import { appGetInitialProps, hasCustomAppGetInitialProps, loadGetInitialProps } from './initial-props.js'
import { draftMethods, draftRequestOf } from './preview-data.js'
import { onlyHashChange } from './url-change.js'

const Tree = () => null

describe('onlyHashChange', () => {
  it('is true for the same path and search with a hash, false otherwise', () => {
    expect(onlyHashChange('/a?x=1', '/a?x=1#top')).toBe(true)
    expect(onlyHashChange('/a#one', '/a#two')).toBe(true)
    expect(onlyHashChange('/a#one', '/a#one')).toBe(true)
    expect(onlyHashChange('/a#one', '/a')).toBe(true)
    expect(onlyHashChange('/a', '/a')).toBe(false)
    expect(onlyHashChange('/a?x=1', '/a?x=2#top')).toBe(false)
    expect(onlyHashChange('/a', '/b#top')).toBe(false)
  })
})

describe('getInitialProps protocol', () => {
  const ctx = { pathname: '/p', query: {}, asPath: '/p', AppTree: Tree }
  it("next/app's App.getInitialProps runs the page's; a page without one gets {}", async () => {
    const Page = Object.assign(() => null, { getInitialProps: async () => ({ a: 1 }) })
    expect(await appGetInitialProps({ Component: Page, ctx, router: {}, AppTree: Tree })).toEqual({
      pageProps: { a: 1 },
    })
    expect(await loadGetInitialProps(() => null, ctx)).toEqual({})
  })

  it("refuses a getInitialProps that resolves to a non-object with Next's message", async () => {
    const Page = Object.assign(function Bad() {}, { getInitialProps: async () => null })
    await expect(loadGetInitialProps(Page, ctx)).rejects.toThrow(
      '"Bad.getInitialProps()" should resolve to an object. But found "null" instead.',
    )
  })

  it('tells a custom App.getInitialProps from the inherited one', () => {
    const Inherited = { getInitialProps: appGetInitialProps, origGetInitialProps: appGetInitialProps }
    expect(hasCustomAppGetInitialProps(Inherited)).toBe(false)
    expect(hasCustomAppGetInitialProps({ ...Inherited, getInitialProps: async () => ({}) })).toBe(true)
    expect(hasCustomAppGetInitialProps(() => null)).toBe(false)
  })
})

describe('draft mode cookies for the Pages Router', () => {
  function issued(run: (m: ReturnType<typeof draftMethods>) => void): string {
    const headers = new Map<string, string | string[]>()
    const res = {
      getHeader: (n: string) => headers.get(n),
      setHeader: (n: string, v: string | readonly string[]) => void headers.set(n, [...v]),
    }
    run(draftMethods(res, false))
    return ([...(headers.get('set-cookie') ?? [])] as string[]).map((c) => c.split(';')[0]).join('; ')
  }

  it('setDraftMode gives previewData {}; setPreviewData gives the data back, signed', () => {
    expect(draftRequestOf({})).toBeUndefined()
    expect(draftRequestOf({ cookie: issued((m) => m.setDraftMode({ enable: true })) })).toEqual({
      previewData: {},
    })
    const cookie = issued((m) => m.setPreviewData({ user: 'ann' }))
    expect(draftRequestOf({ cookie })).toEqual({ previewData: { user: 'ann' } })
  })

  it('ignores forged preview data and a forged draft cookie', () => {
    const cookie = issued((m) => m.setPreviewData({ user: 'ann' }))
    const forgedData = Buffer.from('{"user":"root"}').toString('base64url')
    const tampered = cookie.replace(/__fresco_preview_data=[^.]+/, `__fresco_preview_data=${forgedData}`)
    expect(draftRequestOf({ cookie: tampered })).toEqual({ previewData: {} })
    expect(draftRequestOf({ cookie: '__fresco_draft=forged; __fresco_preview_data=x.y' })).toBeUndefined()
  })

  it('clears both cookies, and refuses preview data over 2KB and a bad enable', () => {
    expect(issued((m) => m.clearPreviewData())).toBe('__fresco_draft=; __fresco_preview_data=')
    expect(() => issued((m) => m.setPreviewData({ big: 'x'.repeat(3000) }))).toThrow(/limited to 2KB/)
    expect(() => issued((m) => m.setDraftMode({} as { enable: boolean }))).toThrow(/enable must be true/)
  })
})
