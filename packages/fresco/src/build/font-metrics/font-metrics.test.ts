// The metrics of real font files in each format, against what fontkit (Next's reader, the copy in
// next 16.5: next/dist/compiled/@next/font/dist/fontkit) gives for the same files:
// font.ascent / descent / lineGap / unitsPerEm, and glyphForCodePoint(cp).advanceWidth.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { fontMetrics } from './metrics.js'

const repo = fileURLToPath(new URL('../../../../../', import.meta.url))
const file = (p: string) => readFileSync(path.join(repo, p))
const FILES = {
  woff2: 'e2e/fixtures/next-modules/app/fonts/OpenSans-Light.woff2',
  woff2Variable: 'node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  woff: 'node_modules/@fontsource/inter/files/inter-latin-400-normal.woff',
  ttf: 'node_modules/@vercel/og/dist/Geist-Regular.ttf', // @vercel/og 1.0.1 (a dependency of @fresco/framework)
}

/** [ascent, descent, lineGap, unitsPerEm, advance of 'A', of ' ', of U+4E00 (unmapped: .notdef's)] */
const read = (p: string) => {
  const m = fontMetrics(file(p))
  if (!m) throw new Error(`no metrics in ${p}`)
  return [m.ascent, m.descent, m.lineGap, m.unitsPerEm, m.advance(65), m.advance(32), m.advance(0x4e00)]
}

describe('font metrics, from each format a local font comes in', () => {
  it('WOFF2 (static and variable), WOFF (zlib tables) and TrueType: the numbers fontkit reads', () => {
    expect(read(FILES.woff2)).toEqual([2189, -600, 0, 2048, 1229, 532, 1229])
    expect(read(FILES.woff2Variable)).toEqual([1984, -494, 0, 2048, 1413, 576, 1344])
    expect(read(FILES.woff)).toEqual([1984, -494, 0, 2048, 1413, 576, 1344])
    expect(read(FILES.ttf)).toEqual([1005, -295, 0, 1000, 668, 250, 600])
  })

  it('says which code points the font maps', () => {
    const m = fontMetrics(file(FILES.ttf))
    expect([m?.hasGlyph(97), m?.hasGlyph(32), m?.hasGlyph(0x4e00)]).toEqual([true, true, false])
  })

  it('reads a WOFF table stored uncompressed as well as a zlib one', () => {
    // The same TrueType tables wrapped as WOFF with every table stored (compLength = origLength):
    // the WOFF header and directory as the specification lays them out, around the real file's tables.
    const ttf = file(FILES.ttf)
    const count = ttf.readUInt16BE(4)
    const tables = Array.from({ length: count }, (_, i) => ({
      tag: ttf.subarray(12 + i * 16, 16 + i * 16),
      data: ttf.subarray(
        ttf.readUInt32BE(20 + i * 16),
        ttf.readUInt32BE(20 + i * 16) + ttf.readUInt32BE(24 + i * 16),
      ),
    }))
    const wrap = (compress: boolean) => {
      const header = Buffer.alloc(44 + count * 20)
      header.write('wOFF', 0, 'latin1')
      header.writeUInt32BE(0x00010000, 4)
      header.writeUInt16BE(count, 12)
      const bodies: Buffer[] = []
      let offset = header.length
      tables.forEach((t, i) => {
        const stored = compress ? deflateSync(t.data) : t.data
        const body = stored.length < t.data.length ? stored : t.data
        t.tag.copy(header, 44 + i * 20)
        header.writeUInt32BE(offset, 48 + i * 20)
        header.writeUInt32BE(body.length, 52 + i * 20)
        header.writeUInt32BE(t.data.length, 56 + i * 20)
        bodies.push(body)
        offset += body.length
      })
      return Buffer.concat([header, ...bodies])
    }
    const expected = read(FILES.ttf)
    for (const compress of [false, true]) {
      const m = fontMetrics(wrap(compress))
      expect(
        m && [m.ascent, m.descent, m.lineGap, m.unitsPerEm, m.advance(65), m.advance(32), m.advance(0x4e00)],
      ).toEqual(expected)
    }
  })

  it('reads nothing from what is not a font, a truncated file or a collection, and never throws', () => {
    expect(fontMetrics(Buffer.from('not a font'))).toBeUndefined()
    expect(fontMetrics(Buffer.from('wOF2garbagegarbagegarbagegarbagegarbagegarbage'))).toBeUndefined()
    for (const p of Object.values(FILES)) expect(fontMetrics(file(p).subarray(0, 200))).toBeUndefined()
    // Cut in half: the WOFF2 streams and the WOFF's head / hhea / hmtx are past the cut; the TrueType
    // file's four tables come first, so its metrics are whole, the same as the full file's.
    const half = (p: string) => fontMetrics(file(p).subarray(0, file(p).length >> 1))
    for (const p of [FILES.woff2, FILES.woff2Variable, FILES.woff]) expect(half(p)).toBeUndefined()
    const ttfHalf = half(FILES.ttf)
    expect(ttfHalf && [ttfHalf.ascent, ttfHalf.unitsPerEm, ttfHalf.advance(65)]).toEqual([1005, 1000, 668])
    // A TrueType file cut inside the tables the metrics need.
    const ttf = file(FILES.ttf)
    const hmtx = [...Array(ttf.readUInt16BE(4)).keys()]
      .map((i) => 12 + i * 16)
      .find((at) => ttf.toString('latin1', at, at + 4) === 'hmtx') as number
    expect(fontMetrics(ttf.subarray(0, ttf.readUInt32BE(hmtx + 8) + 10))).toBeUndefined()
    const ttc = Buffer.concat([Buffer.from('ttcf'), file(FILES.ttf).subarray(4)])
    expect(fontMetrics(ttc)).toBeUndefined()
  })
})
