// template.tsx as in Next.js: it wraps its segment's children inside the layout of the same
// segment (layout > template > page), at every level that has one, prerendered or not.
// That a template remounts on navigation is checked in the browser (e2e/browser/navigation.test.ts).
import { describe, expect, it } from 'vitest'
import { buildAndServe } from './fixture.js'

const files = {
  'app/layout.tsx': `
export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body><div id="root-layout">{children}</div></body></html>
}`,
  'app/template.tsx': `
export default function Template({ children }: { children: React.ReactNode }) {
  return <div id="root-template">{children}</div>
}`,
  'app/page.tsx': `export default function Home() { return <p id="home-page">home</p> }`,
  'app/shop/layout.tsx': `
export default function ShopLayout({ children }: { children: React.ReactNode }) {
  return <section id="shop-layout">{children}</section>
}`,
  'app/shop/template.tsx': `'use client'
import { useState } from 'react'
export default function ShopTemplate({ children }: { children: React.ReactNode }) {
  const [n] = useState(1)
  return <div id="shop-template" data-n={n}>{children}</div>
}`,
  'app/shop/[item]/page.tsx': `
export function generateStaticParams() { return [{ item: 'hat' }] }
export default async function Item({ params }: { params: Promise<{ item: string }> }) {
  const { item } = await params
  return <p id="item-page">item {item}</p>
}`,
}

const app = buildAndServe(files, 120_000)

/** The rendered body, without the scripts that follow it. */
const rendered = (html: string) => (html.split('<body>')[1] ?? '').split('<script')[0]

async function body(path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(app.url + path)
  return { status: res.status, html: await res.text() }
}

describe('template.tsx', () => {
  it('renders inside the layout of its own segment and around the page', async () => {
    const { status, html } = await body('/')
    expect(status).toBe(200)
    expect(rendered(html)).toBe(
      '<div id="root-layout"><div id="root-template"><p id="home-page">home</p></div></div>',
    )
  })

  it('nests layout > template at every level, down to the page (prerendered, and rendered on first visit)', async () => {
    for (const item of ['hat', 'scarf']) {
      const { status, html } = await body(`/shop/${item}`)
      expect(status).toBe(200)
      expect(rendered(html)).toBe(
        '<div id="root-layout"><div id="root-template"><section id="shop-layout">' +
          `<div id="shop-template" data-n="1"><p id="item-page">item <!-- -->${item}</p></div>` +
          '</section></div></div>',
      )
    }
  })
})
