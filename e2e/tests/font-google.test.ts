// next/font/google on a real build without the network (e2e/fixtures/font-google): the app installs
// @fontsource/inter and @fontsource-variable/inter beside the tarballs, as a user does, and
// `fresco build` takes Inter's files from them. What the page and its stylesheet carry is compared
// with what `next start` 16.5 sent for the same app (next-start.json: recorded with Google's css2
// answers built from the same Fontsource files, through Next's NEXT_FONT_GOOGLE_MOCKED_RESPONSES):
// the font objects, class names, preload links, one @font-face per weight and subset with its
// font-display, the CSS variable, the size-adjusted fallback face.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, repoRoot, type Server } from '../harness/index.js'

const recorded = JSON.parse(readFileSync(join(fixture('font-google'), 'next-start.json'), 'utf8'))
const pkgDir = (name: string) => join(repoRoot, 'node_modules', name)
/** The versions the repository pins (root devDependencies), so the install comes from npm's cache. */
const version = (name: string) => JSON.parse(readFileSync(join(pkgDir(name), 'package.json'), 'utf8')).version

let app: App
let server: Server
let html: string
let css: string

beforeAll(async () => {
  app = await createApp(fixture('font-google'), {
    fresh: true,
    extra: [
      `@fontsource/inter@${version('@fontsource/inter')}`,
      `@fontsource-variable/inter@${version('@fontsource-variable/inter')}`,
    ],
  })
  const build = await app.build()
  if (build.code !== 0) throw new Error(`fresco build of font-google failed:\n${build.output}`)
  server = await app.start()
  html = (await server.get('/')).raw
  const sheets = [...html.matchAll(/<link rel="stylesheet"[^>]* href="([^"]+\.css)"/g)].map(
    (m) => m[1] as string,
  )
  css = (await Promise.all(sheets.map(async (href) => (await server.get(href)).raw))).join('\n')
})

afterAll(async () => {
  await app?.cleanup()
})

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
const hashless = (s: string) => s.replace(/__(className|variable)_\w+/g, '__$1_HASH')
const preloads = () => [...html.matchAll(/<link rel="preload" href="([^"]+)" as="font"[^>]*>/g)]

/** Each @font-face with a file, as next-start.json lists them: family, weight, style, display, preloaded. */
function faces(): string[] {
  const preloaded = new Set(preloads().map((m) => m[1]))
  return [...css.matchAll(/@font-face\s*\{([^}]*)\}/g)]
    .map((m) => m[1] as string)
    .filter((body) => body.includes('url('))
    .map((body) => {
      const get = (prop: string) => new RegExp(`(?:^|;)\\s*${prop}\\s*:\\s*([^;]*)`).exec(body)?.[1]?.trim()
      const url = /url\(["']?([^"')]+)["']?\)/.exec(body)?.[1]
      const family = get('font-family')?.replace(/["']/g, '')
      const line = `${family} ${get('font-weight')} ${get('font-style')} ${get('font-display')}`
      return preloaded.has(url) ? `${line} preloaded` : line
    })
    .sort()
}

describe('next/font/google from a Fontsource package', () => {
  it('renders the font objects, class names and inline style next start sent for the same app', () => {
    const fonts = JSON.parse(decode(/<pre id="fonts">([^<]*)<\/pre>/.exec(html)?.[1] ?? 'null'))
    expect(JSON.parse(hashless(JSON.stringify(fonts)))).toEqual(recorded.fonts)
    expect(fonts.inter.className).not.toBe(fonts.text.className)
    expect(html).toContain(`<html lang="en" class="${fonts.inter.variable}">`)
    expect(html).toContain(`<body class="${fonts.text.className}">`)
    expect(decode(/<p style="([^"]*)"/.exec(html)?.[1] ?? '')).toBe(recorded.pStyle)
  })

  it('one @font-face per weight and subset, with font-display, the latin files preloaded, as Next', () => {
    expect(faces()).toEqual(recorded.faces)
    const tags = preloads().map((m) => m[0])
    expect(tags).toHaveLength(recorded.preloadTags)
    for (const tag of tags) {
      expect(tag).toMatch(/href="\/_fresco\/static\/[^"]+\.woff2"/)
      expect(tag).toContain('type="font/woff2"')
      expect(tag).toMatch(/crossorigin/i)
    }
  })

  it('the class names and the CSS variable name the family, Next’s fallback family and the fallback option', () => {
    const fonts = JSON.parse(decode(/<pre id="fonts">([^<]*)<\/pre>/.exec(html)?.[1] ?? 'null'))
    const rule = (cls: string) =>
      new RegExp(`\\.${cls}\\s*\\{([^}]*)\\}`).exec(css)?.[1]?.replace(/["'\s]/g, '')
    expect(rule(fonts.inter.variable)).toBe('--font-inter:Inter,InterFallback')
    expect(rule(fonts.inter.className)).toBe('font-family:Inter,InterFallback;font-style:normal')
    expect(rule(fonts.text.className)).toBe('font-family:Inter,InterFallback,system-ui;font-style:normal')
    // The fallback face: Arial scaled to Inter's metrics, the values Next wrote (the minifiers write 0.00% apart).
    const unquoted = (text: string) =>
      text.replace(/["'\s]/g, '').replace(/(\d+(?:\.\d+)?)%/g, (_, n: string) => `${Number(n)}%`)
    const fallback = /@font-face\s*\{([^}]*Inter Fallback[^}]*)\}/.exec(css)?.[1] ?? ''
    expect(unquoted(fallback)).toBe(unquoted(recorded.fallbackFace))
  })

  it('serves the preloaded files from the build, immutable: the latin files of the two packages', async () => {
    const served = await Promise.all(
      preloads().map(async (m) => {
        const res = await fetch(server.url + (m[1] as string))
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('font/woff2')
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
        return Buffer.from(await res.arrayBuffer())
      }),
    )
    const expected = [
      join(pkgDir('@fontsource-variable/inter'), 'files/inter-latin-wght-normal.woff2'),
      join(pkgDir('@fontsource/inter'), 'files/inter-latin-400-normal.woff2'),
      join(pkgDir('@fontsource/inter'), 'files/inter-latin-700-normal.woff2'),
    ].map((f) => readFileSync(f))
    const sorted = (bufs: Buffer[]) => bufs.map((b) => b.toString('base64')).sort()
    expect(sorted(served)).toEqual(sorted(expected))
  })
})
