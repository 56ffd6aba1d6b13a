// The Pages Router's error pages as `next start` (16.5) answers them on the same probe apps, for the
// cases the pages-extras e2e fixture (which has pages/500) does not cover: pages/_error without
// pages/500 answers the 500 (statusCode 500, the request's query) and the 404; with neither, the
// default error page. Always 500, `private, no-cache, no-store, max-age=0, must-revalidate`, the
// error message never sent, nothing stored.
import { describe, expect, it } from 'vitest'
import { buildAndServe } from './fixture.js'

const DYNAMIC = 'private, no-cache, no-store, max-age=0, must-revalidate'

const failing = {
  'pages/index.tsx': `export default function Home() { return <h1>home</h1> }`,
  'pages/boom.tsx': `
export async function getServerSideProps({ query }: { query: Record<string, string> }) {
  if (query.throw) throw new Error('gssp secret message')
  return { props: {} }
}
export default function Boom(): never { throw new Error('render secret message') }`,
  'pages/isr/[id].tsx': `
export async function getStaticPaths() { return { paths: [], fallback: 'blocking' } }
export async function getStaticProps({ params }: { params: { id: string } }) {
  if (params.id === 'bad') throw new Error('gsp secret message')
  return { props: { id: params.id }, revalidate: 60 }
}
export default function P({ id }: { id: string }) { return <p>isr {id}</p> }`,
}

const text = async (res: Response) => (await res.text()).replaceAll('<!-- -->', '')
const pageData = (html: string) =>
  JSON.parse(
    /<script id="__FRESCO_DATA__" type="application\/json">([^<]*)<\/script>/.exec(html)?.[1] ?? '{}',
  )

describe('pages/_error without pages/500', () => {
  const app = buildAndServe({
    ...failing,
    'pages/_error.tsx': `
function ErrorPage({ statusCode }: { statusCode?: number }) { return <p id="err">custom error {String(statusCode)}</p> }
ErrorPage.getInitialProps = ({ res, err }: { res?: { statusCode: number }; err?: { statusCode?: number } }) => ({
  statusCode: res ? res.statusCode : err ? err.statusCode : 404,
})
export default ErrorPage`,
  })

  it('answers a render, getServerSideProps or blocking getStaticProps failure with _error and statusCode 500', async () => {
    for (const path of ['/boom', '/boom?throw=1', '/isr/bad']) {
      const res = await app.get(path)
      expect(res.status, path).toBe(500)
      expect(res.headers.get('cache-control'), path).toBe(DYNAMIC)
      expect(res.headers.get('x-fresco-cache'), path).toBeNull()
      const html = await text(res)
      expect(html, path).toContain('<p id="err">custom error 500</p>')
      expect(html, path).not.toContain('secret message')
      expect(pageData(html), path).toMatchObject({ page: '/_error', pageProps: { statusCode: 500 } })
    }
    // As Next: the failing request's query reaches _error.
    expect(pageData(await text(await app.get('/boom?throw=1'))).query).toEqual({ throw: '1' })
    // Never stored: the same failure renders (and fails) again.
    expect((await app.get('/isr/bad')).status).toBe(500)
  })

  it('renders the 404 with statusCode 404 when there is no pages/404', async () => {
    const res = await app.get('/no/such/page')
    expect(res.status).toBe(404)
    expect(res.headers.get('cache-control')).toBe(DYNAMIC)
    expect(await text(res)).toContain('<p id="err">custom error 404</p>')
  })
})

describe('neither pages/500 nor pages/_error', () => {
  const app = buildAndServe(failing)

  it("answers 500 with the default error page (Next's text), hydratable, the message never sent", async () => {
    for (const path of ['/boom', '/isr/bad']) {
      const res = await app.get(path)
      expect(res.status, path).toBe(500)
      expect(res.headers.get('cache-control'), path).toBe(DYNAMIC)
      const html = await text(res)
      expect(html, path).toMatch(/<h1>500<\/h1><h2>Internal Server Error\.<\/h2>/)
      expect(html, path).not.toContain('secret message')
      expect(pageData(html), path).toMatchObject({
        routeId: 'pages:/_error',
        page: '/_error',
        pageProps: { statusCode: 500 },
      })
    }
    const missing = await app.get('/nope')
    expect(missing.status).toBe(404)
    expect(await text(missing)).toContain('This page could not be found.')
  })
})
