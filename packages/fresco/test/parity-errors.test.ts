// Failures as `next start` (16.4) answers them, checked on the same probe app: a page that throws
// outside every Suspense boundary (500, a client-rendered document, the message never sent), a
// Server Action that throws when called from JS (500, the rejection in the payload), and
// revalidateTag(tag, 'max') in a form post without JS (the action's own response is fresh).
import { describe, expect, it } from 'vitest'
import { buildAndServe } from './fixture.js'

const files = {
  'app/layout.tsx': `
export const metadata = { title: 'Site' }
export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>
}`,
  'app/page.tsx': `export default function Home() { return <h1>home</h1> }`,
  'app/boom/layout.tsx': `
export default function L({ children }: { children: React.ReactNode }) { return <section>boom layout{children}</section> }`,
  'app/boom/page.tsx': `
import { cookies } from 'next/headers'
export default async function P() { await cookies(); throw new Error('page secret message') }`,
  'app/boom/error.tsx': `
'use client'
export default function E({ error }: { error: Error & { digest?: string } }) {
  return <p>boom error ui {error.digest ? 'with digest' : 'no digest'}</p>
}`,
  'app/bare/page.tsx': `
import { cookies } from 'next/headers'
export default async function P() { await cookies(); throw new Error('bare secret message') }`,
  'app/items/[id]/page.tsx': `
export const revalidate = 60
export const dynamicParams = true
export function generateStaticParams() { return [{ id: '1' }] }
export default async function P({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  if (id === 'bad') throw new Error('isr secret message')
  return <h1>{\`item \${id};\`}</h1>
}`,
  'app/items/[id]/error.tsx': `
'use client'
export default function E() { return <p>item error ui</p> }`,
  'app/actions.ts': `
'use server'
import { revalidateTag } from 'next/cache'
export async function fail() { throw new Error('action secret message') }
export async function bump() { revalidateTag('swr', 'max') }
`,
  'app/act/page.tsx': `
import { fail } from '../actions'
export default function P() { return <form action={fail}><button>go</button></form> }`,
  'app/swr/page.tsx': `
import { unstable_cache } from 'next/cache'
import { cookies } from 'next/headers'
import { bump } from '../actions'
const g = globalThis as { swrCount?: number }
const count = unstable_cache(async () => { g.swrCount = (g.swrCount ?? 0) + 1; return g.swrCount }, ['swr'], { tags: ['swr'] })
export default async function P() {
  await cookies()
  const n = await count()
  return <form action={bump}><p>{\`swr=\${n};\`}</p><button>bump</button></form>
}`,
}

const app = buildAndServe(files)
const get = app.get

/** The `$ACTION_ID_…` field (the action's id) and its form, as a browser without JS posts it. */
async function formOf(path: string): Promise<{ id: string; form: FormData }> {
  const html = await (await get(path)).text()
  const name = /name="\$ACTION_ID_([^"]+)"/.exec(html)?.[1]
  if (!name) throw new Error(`no $ACTION_ID_ field on ${path}`)
  const form = new FormData()
  form.append(`$ACTION_ID_${name}`, '')
  return { id: name, form }
}

describe('a page that throws outside every Suspense boundary', () => {
  it('answers 500 with a client-rendered, noindex document; the message is never sent', async () => {
    const res = await get('/boom')
    expect(res.status).toBe(500)
    expect(res.headers.get('cache-control')).toBe('private, no-cache, no-store, max-age=0, must-revalidate')
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain('<meta name="robots" content="noindex"/>')
    expect(html).toContain('<meta charSet="utf-8"/>')
    // The payload the browser renders error.tsx from: a digest, no message.
    expect(html).toMatch(/FRESCO_ERROR;[0-9a-z]+/)
    expect(html).not.toContain('page secret message')
  })

  it('without any error.tsx: the same 500 (the browser shows the default error page)', async () => {
    const res = await get('/bare')
    expect(res.status).toBe(500)
    const html = await res.text()
    expect(html).toContain('<meta name="robots" content="noindex"/>')
    expect(html).not.toContain('bare secret message')
  })

  it('the payload for a client navigation carries the digest, never the message', async () => {
    const res = await get('/_fresco/rsc/boom')
    const body = await res.text()
    expect(body).toMatch(/FRESCO_ERROR;/)
    expect(body).not.toContain('page secret message')
  })
})

describe('an ISR page with no cached entry whose render throws', () => {
  const logged = () =>
    app.server
      .output()
      .split('\n')
      .filter((line) => line.includes('/items/bad')).length

  it('answers the same 500 document as a dynamic page, never stored, the error logged once', async () => {
    const before = logged()
    const res = await get('/items/bad')
    expect(res.status).toBe(500)
    expect(res.headers.get('cache-control')).toBe('private, no-cache, no-store, max-age=0, must-revalidate')
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('x-fresco-cache')).toBeNull()
    const html = await res.text()
    expect(html).toContain('<meta name="robots" content="noindex"/>')
    expect(html).toMatch(/FRESCO_ERROR;[0-9a-z]+/)
    expect(html).not.toContain('isr secret message')
    expect(logged()).toBe(before + 1)
    // Never stored: the next visit renders (and fails) again.
    const again = await get('/items/bad')
    expect(again.status).toBe(500)
    expect(again.headers.get('x-fresco-cache')).toBeNull()
    await again.text()
    expect(logged()).toBe(before + 2)
  })

  it('the payload for a client navigation answers as a dynamic page: the digest, never the message', async () => {
    const dynamic = await get('/_fresco/rsc/boom')
    await dynamic.text()
    const res = await get('/_fresco/rsc/items/bad')
    expect(res.status).toBe(dynamic.status)
    expect(res.headers.get('cache-control')).toBe('private, no-cache, no-store, max-age=0, must-revalidate')
    expect(res.headers.get('content-type')).toBe(dynamic.headers.get('content-type'))
    const body = await res.text()
    expect(body).toMatch(/FRESCO_ERROR;/)
    expect(body).not.toContain('isr secret message')
  })

  it('other ids of the same route are still rendered and stored', async () => {
    const first = await get('/items/2')
    expect(first.status).toBe(200)
    expect(await first.text()).toContain('item 2;')
    const second = await get('/items/2')
    expect(second.headers.get('x-fresco-cache')).toBe('HIT')
    await second.text()
  })
})

describe('Server Actions that throw', () => {
  it('called from JS: 500 with the rejection (digest only) in the RSC payload', async () => {
    const { id } = await formOf('/act')
    const res = await get('/act', {
      method: 'POST',
      body: '[]',
      headers: {
        'x-fresco-action': id,
        'content-type': 'text/plain;charset=UTF-8',
        accept: 'text/x-component',
      },
    })
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toMatch(/^text\/x-component/)
    const body = await res.text()
    expect(body).toMatch(/FRESCO_ERROR;/)
    expect(body).not.toContain('action secret message')
  })
})

describe("revalidateTag(tag, 'max') in a form post without JS", () => {
  const value = async (res: Response) => Number(/swr=(\d+);/.exec(await res.text())?.[1])

  it("the action's own response reads fresh data; later requests keep it", async () => {
    const first = await value(await get('/swr'))
    expect(await value(await get('/swr'))).toBe(first)
    const { form } = await formOf('/swr')
    const posted = await get('/swr', { method: 'POST', body: form })
    expect(posted.status).toBe(200)
    expect(await value(posted)).toBe(first + 1)
    expect(await value(await get('/swr', { method: 'POST', body: form }))).toBe(first + 2)
    expect(await value(await get('/swr'))).toBe(first + 2)
  })
})
