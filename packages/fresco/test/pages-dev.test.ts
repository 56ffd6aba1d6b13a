// `fresco dev` with pages/: an edited page, _app or pages/500 shows on the next request (the ssr
// module runner re-evaluates it; the browser gets Vite's full reload, checked by hand in Chromium).
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, it } from 'vitest'
import { serveDev } from './fixture.js'

const files = {
  'pages/_app.tsx': `
import type { AppProps } from 'next/app'
export default function App({ Component, pageProps }: AppProps) { return <main data-app="one"><Component {...pageProps} /></main> }`,
  'pages/index.tsx': `
export async function getStaticProps() { return { props: { word: 'alpha' }, revalidate: 60 } }
export default function Home({ word }: { word: string }) { return <h1>home {word}</h1> }`,
  'pages/boom.tsx': `export default function Boom(): never { throw new Error('dev boom') }`,
  'pages/500.tsx': `export default function E() { return <h1>five hundred one</h1> }`,
}

const app = serveDev(files)

const html = async (p: string) => (await (await fetch(app.url + p)).text()).replaceAll('<!-- -->', '')

async function edit(file: string, from: string, to: string): Promise<void> {
  const full = path.join(app.root, file)
  await writeFile(full, (await readFile(full, 'utf8')).replace(from, to))
}

/** The next requests until `text` shows (the watcher sees the write within a moment). */
async function shows(p: string, text: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const body = await html(p)
    if (body.includes(text)) return body
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${p} never showed ${text}`)
}

it('shows edits of a page, its getStaticProps, _app and pages/500 on the next request', async () => {
  expect(await html('/')).toContain('home alpha')
  await edit('pages/index.tsx', "word: 'alpha'", "word: 'beta'")
  await shows('/', 'home beta')
  await edit('pages/index.tsx', '<h1>home', '<h1>house')
  await shows('/', 'house beta')
  await edit('pages/_app.tsx', 'data-app="one"', 'data-app="two"')
  await shows('/', 'data-app="two"')
  expect(await html('/boom')).toContain('five hundred one')
  await edit('pages/500.tsx', 'five hundred one', 'five hundred two')
  await shows('/boom', 'five hundred two')
}, 120_000)
