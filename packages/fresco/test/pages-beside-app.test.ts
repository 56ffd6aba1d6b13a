// app/ and pages/ in one app (issue 10): each path goes to one router — the one whose route pattern
// is more specific, as Next sorts both together — and the Pages Router's data URLs stay its own even
// beside an App Router root catch-all.
import { describe, expect, it } from 'vitest'
import { buildAndServe } from './fixture.js'

const app = buildAndServe({
  'app/layout.tsx': `export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>
}`,
  'app/page.tsx': 'export default function Home() { return <h1>app home</h1> }',
  'app/[...rest]/page.tsx': `export default async function Rest({ params }: { params: Promise<{ rest: string[] }> }) {
  return <h1>app catch-all {(await params).rest.join('/')}</h1>
}`,
  'pages/about.tsx': 'export default function About() { return <h1>pages about</h1> }',
  'pages/blog/[id].tsx': `export function getStaticPaths() { return { paths: ['/blog/1'], fallback: false } }
export function getStaticProps({ params }: { params: { id: string } }) { return { props: { id: params.id }, revalidate: 60 } }
export default function Post({ id }: { id: string }) { return <h1>pages post {id}</h1> }`,
})

const text = async (path: string) => (await (await app.get(path)).text()).replaceAll('<!-- -->', '')

describe('app/ and pages/ side by side', () => {
  it('answers each path from the router with the more specific route', async () => {
    expect(await text('/')).toContain('app home')
    expect(await text('/x/y')).toContain('app catch-all x/y')
    // A static pages/ file beats the App Router's root catch-all, and so does pages/blog/[id].
    expect(await text('/about')).toContain('pages about')
    const post = await app.get('/blog/1')
    expect(post.headers.get('x-fresco-cache')).toBe('HIT')
    expect((await post.text()).replaceAll('<!-- -->', '')).toContain('pages post 1')
    // The pages route claims its pattern: an id outside getStaticPaths (fallback: false) is its 404.
    expect((await app.get('/blog/2')).status).toBe(404)
    const slash = await app.get('/about/')
    expect([slash.status, slash.headers.get('location')]).toEqual([308, '/about'])
  })

  it("keeps data URLs the Pages Router's, even beside an App Router root catch-all", async () => {
    const html = await text('/blog/1')
    const buildId = /"buildId":"([^"]+)"/.exec(html)?.[1]
    const data = await app.get(`/_fresco/data/${buildId}/blog/1.json`)
    expect(data.status).toBe(200)
    expect(await data.json()).toEqual({ pageProps: { id: '1' } })
    const other = await app.get('/_fresco/data/another-build/blog/1.json')
    expect(other.status).toBe(404)
    expect(await other.json()).toEqual({ notFound: true })
  })
})
