// Server Actions over plain HTTP as `next start` (16.x) answers them: forms posted without
// JavaScript (useActionState's formState, notFound(), cookies, redirect), requests that name no
// action of this build or carry a body that does not decode (4xx with a message, never a 500),
// the payload of a static redirect, next/form, and useSearchParams in a static page's HTML.
import { describe, expect, it } from 'vitest'
import { buildAndServe } from './fixture.js'

const files = {
  'app/layout.tsx': `
export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>
}`,
  'app/page.tsx': `export default function Home() { return <h1>home</h1> }`,
  'app/not-found.tsx': `export default function NotFound() { return <h1>custom not found</h1> }`,
  'app/target/page.tsx': `export default function T() { return <h1>target</h1> }`,
  'app/actions.ts': `
'use server'
import { cookies } from 'next/headers'
import { notFound, redirect } from 'next/navigation'
export async function add(prev: number, formData: FormData) { return prev + Number(formData.get('by') ?? 1) }
export async function missing() { notFound() }
export async function go() { redirect('/target') }
export async function setFlavor(formData: FormData) { (await cookies()).set('flavor', String(formData.get('v'))) }
`,
  'app/state/counter.tsx': `
'use client'
import { useActionState } from 'react'
import { add } from '../actions'
export function Counter() {
  const [count, action] = useActionState(add, 0)
  return <form action={action}><p>count={count}</p><input name="by" defaultValue="2" /><button>add</button></form>
}`,
  'app/state/page.tsx': `
import { Counter } from './counter'
export default function P() { return <Counter /> }`,
  'app/nf/page.tsx': `
import { missing } from '../actions'
export default function P() { return <form action={missing}><button>go</button></form> }`,
  'app/go/page.tsx': `
import { go } from '../actions'
export default function P() { return <form action={go}><button>go</button></form> }`,
  'app/cookie/page.tsx': `
import { cookies } from 'next/headers'
import { setFlavor } from '../actions'
export default async function P() {
  const flavor = (await cookies()).get('flavor')?.value ?? 'none'
  return <form action={setFlavor}><p>flavor={flavor}</p><input name="v" defaultValue="mint" /><button>set</button></form>
}`,
  'app/static-redirect/page.tsx': `
import { redirect } from 'next/navigation'
export default function P() { redirect('/target') }`,
  'app/search/page.tsx': `
import Form from 'next/form'
export default function P() { return <Form action="/search"><input name="q" /><button>go</button></Form> }`,
  'app/sp/client.tsx': `
'use client'
import { useSearchParams } from 'next/navigation'
export function Q() { return <p>q={useSearchParams().get('q') ?? 'none'}</p> }`,
  'app/sp/page.tsx': `
import { Suspense } from 'react'
import { Q } from './client'
export default function P() { return <Suspense fallback={<p>waiting</p>}><Q /></Suspense> }`,
}

const app = buildAndServe(files)
const get = app.get

const decode = (s: string) =>
  s
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')

/** The fields a browser without JavaScript posts for the (only) form in `html`. */
function formIn(html: string, fields: Record<string, string> = {}): FormData {
  const body = new FormData()
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(m[0])?.[1]
    if (name) body.append(decode(name), decode(/\svalue="([^"]*)"/.exec(m[0])?.[1] ?? ''))
  }
  for (const [k, v] of Object.entries(fields)) body.set(k, v)
  return body
}

const formOf = async (path: string, fields: Record<string, string> = {}) =>
  formIn(await (await get(path)).text(), fields)

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  get(path, { method: 'POST', body, headers })

async function actionIdOf(path: string): Promise<string> {
  const form = await formOf(path)
  const field = [...form.keys()].find((k) => k.startsWith('$ACTION_ID_'))
  if (!field) throw new Error(`no $ACTION_ID_ field on ${path}`)
  return field.slice('$ACTION_ID_'.length)
}

describe('forms without JavaScript', () => {
  it('useActionState: the post renders the new state (formState), and again from there', async () => {
    const first = await post('/state', await formOf('/state', { by: '2' }))
    expect(first.status).toBe(200)
    const html = await first.text()
    expect(html).toContain('count=<!-- -->2')
    const second = await post('/state', formIn(html, { by: '2' }))
    expect(await second.text()).toContain('count=<!-- -->4')
  })

  it('notFound() in an action answers 404 with the not-found UI', async () => {
    const res = await post('/nf', await formOf('/nf'))
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('custom not found')
  })

  it('redirect() in an action answers 303 to the target', async () => {
    const res = await post('/go', await formOf('/go'))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/target')
  })

  it('cookies().set() sends Set-Cookie and the page renders with the new value', async () => {
    const res = await post('/cookie', await formOf('/cookie', { v: 'mint' }))
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/^flavor=mint;/)
    expect(await res.text()).toContain('flavor=<!-- -->mint')
  })
})

describe('requests that run no action', () => {
  it('an unknown action id answers 404 with a message (JS call and form post)', async () => {
    const js = await post('/state', '[]', { 'x-fresco-action': 'nope#nope', 'content-type': 'text/plain' })
    expect(js.status).toBe(404)
    expect(await js.text()).toMatch(/^\[fresco\] Server Action nope#nope was not found/)
    const realModule = (await actionIdOf('/nf')).split('#')[0]
    const missingExport = await post('/state', '[]', { 'x-fresco-action': `${realModule}#nothing` })
    expect(missingExport.status).toBe(404)
    const form = new FormData()
    form.append('$ACTION_ID_made-up', '')
    const noJs = await post('/state', form)
    expect(noJs.status).toBe(404)
    expect(await noJs.text()).toContain('Server Action made-up was not found')
  })

  it('a body that does not decode answers 400, never 500', async () => {
    const id = await actionIdOf('/nf')
    const js = await post('/nf', 'garbage{{', { 'x-fresco-action': id, 'content-type': 'text/plain' })
    expect(js.status).toBe(400)
    expect(await js.text()).toMatch(/^\[fresco\] Server Action request body could not be decoded/)
    const multipart = await post('/nf', 'garbage', { 'content-type': 'multipart/form-data; boundary=x' })
    expect(multipart.status).toBe(400)
  })

  it('a post from another origin answers 403 naming both', async () => {
    const res = await post('/nf', await formOf('/nf'), { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(await res.text()).toMatch(/Origin https:\/\/evil\.example does not match Host 127\.0\.0\.1:\d+/)
  })
})

describe('navigation pieces', () => {
  it("a static redirect's payload is a 200 naming the target (the client router navigates)", async () => {
    const html = await get('/static-redirect')
    expect(html.status).toBe(307)
    expect(html.headers.get('location')).toBe('/target')
    const rsc = await get('/_fresco/rsc/static-redirect')
    expect(rsc.status).toBe(200)
    expect(rsc.headers.get('location')).toBeNull()
    expect(rsc.headers.get('content-type')).toMatch(/^text\/x-component/)
    expect(await rsc.text()).toContain('/target')
  })

  it('next/form builds and renders a GET form to its URL', async () => {
    const html = await (await get('/search')).text()
    expect(html).toMatch(/<form action="\/search"/)
  })

  it("useSearchParams in a static page's HTML shows the Suspense fallback, not a guessed query", async () => {
    const html = await (await get('/sp?q=abc')).text()
    expect(html).toContain('waiting')
    expect(html).not.toContain('q=none')
  })
})
