import { describe, expect, it } from 'vitest'
import { sampleManifest } from './manifest-fixture.js'
import {
  createProgress,
  formatRouteTable,
  formatSeconds,
  formatSummary,
  printRouteTable,
  summarize,
} from './report.js'

const sink = (isTTY = false) => {
  const chunks: string[] = []
  return { chunks, out: { isTTY, columns: 60, write: (s: string) => chunks.push(s) } }
}

describe('createProgress', () => {
  it('logs a plain line per tenth in a non-TTY', () => {
    const { chunks, out } = sink()
    const p = createProgress(125, out)
    for (let i = 0; i < 125; i++) p.tick(`/p/${i}`)
    p.done({ pages: 125, dynamicRoutes: 0 })
    expect(chunks[0]).toBe('Prerendering 13/125 (10%)\n')
    expect(chunks).toContain('Prerendering 26/125 (20%)\n')
    expect(chunks.at(-2)).toBe('Prerendering 125/125 (100%)\n')
    expect(chunks.at(-1)).toBe('Prerendered 125 pages, 0 dynamic routes\n')
    expect(chunks.length).toBe(11)
  })

  it('logs every page when there are few', () => {
    const { chunks, out } = sink()
    const p = createProgress(3, out)
    p.tick('/a')
    p.tick('/b')
    p.tick('/c')
    p.done({ pages: 3, dynamicRoutes: 1 })
    expect(chunks).toEqual([
      'Prerendering 1/3 (33%)\n',
      'Prerendering 2/3 (66%)\n',
      'Prerendering 3/3 (100%)\n',
      'Prerendered 3 pages, 1 dynamic route\n',
    ])
  })

  it('handles zero pages', () => {
    const { chunks, out } = sink()
    createProgress(0, out).done({ pages: 0, dynamicRoutes: 2 })
    expect(chunks).toEqual(['Prerendered 0 pages, 2 dynamic routes\n'])
  })

  it('redraws one line in a TTY and always draws the last tick', () => {
    const { chunks, out } = sink(true)
    const p = createProgress(2, out)
    p.tick('/first')
    p.tick(`/${'x'.repeat(100)}`)
    p.done({ pages: 1, dynamicRoutes: 1 })
    expect(chunks[0]).toBe('\r\x1b[2KPrerendering 1/2 (50%) /first')
    expect(chunks[1]!.startsWith('\r\x1b[2KPrerendering 2/2 (100%) /xxx')).toBe(true)
    expect(chunks[1]!.endsWith('…')).toBe(true)
    expect(chunks[1]!.length).toBe('\r\x1b[2K'.length + 59)
    expect(chunks.slice(2)).toEqual([
      '\r\x1b[2K',
      'Prerendered 1 page, 1 dynamic route (1 of 2 rendered paths was dynamic)\n',
    ])
  })

  it('counts stored pages, not rendered paths, and says how many of the total turned out dynamic', () => {
    const { chunks, out } = sink()
    const p = createProgress(4, out)
    for (const path of ['/', '/blog/1', '/blog/2', '/dashboard']) p.tick(path)
    p.done({ pages: 3, dynamicRoutes: 2 })
    expect(chunks.at(-2)).toBe('Prerendering 4/4 (100%)\n')
    expect(chunks.at(-1)).toBe('Prerendered 3 pages, 2 dynamic routes (1 of 4 rendered paths was dynamic)\n')
    expect(formatSummary({ pages: 1, dynamicRoutes: 0 }, 3)).toBe(
      'Prerendered 1 page, 0 dynamic routes (2 of 3 rendered paths were dynamic)',
    )
  })

  it('summarizes a manifest: prerendered paths and dynamic routes', () => {
    expect(summarize(sampleManifest())).toEqual({ pages: 3, dynamicRoutes: 1 })
  })
})

describe('route table', () => {
  it('formats seconds', () => {
    expect(formatSeconds(60)).toBe('1m')
    expect(formatSeconds(90)).toBe('90s')
    expect(formatSeconds(3600)).toBe('1h')
    expect(formatSeconds(86_400)).toBe('1d')
    expect(formatSeconds(604_800)).toBe('1w')
    expect(formatSeconds(31_536_000)).toBe('1y')
    expect(formatSeconds(5)).toBe('5s')
  })

  it('prints symbol, route, revalidate, expire, prerendered count and the legend', () => {
    expect(formatRouteTable(sampleManifest())).toBe(
      [
        'Route                       Revalidate  Expire  Prerendered',
        '┌ ○ /                                                     1',
        '├ ● /blog/[id]                      1m      1y            2',
        '└ ƒ /dashboard (cookies())',
        '',
        '○  (Static)   prerendered as static content',
        '●  (ISR)      prerendered, regenerated in the background after its revalidate time',
        'ƒ  (Dynamic)  rendered on every request',
        '',
      ].join('\n'),
    )
    const { chunks, out } = sink()
    printRouteTable({ ...sampleManifest(), routes: [sampleManifest().routes[0]!] }, out)
    expect(chunks.join('')).toContain('\nRoute  Revalidate  Expire  Prerendered\n─ ○ /  ')
  })
})
