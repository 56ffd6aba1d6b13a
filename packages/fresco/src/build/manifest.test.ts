import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readManifest, routeTypeOf, writeManifest } from './manifest.js'
import { sampleManifest } from './manifest-fixture.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})
const tempDir = async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'fresco-manifest-'))
  dirs.push(d)
  return d
}

describe('manifest', () => {
  it('round-trips through disk, atomically (no temp file left)', async () => {
    const dir = path.join(await tempDir(), '.fresco')
    const m = sampleManifest()
    await writeManifest(dir, m)
    expect(await readManifest(dir)).toEqual(m)
    expect(await readdir(dir)).toEqual(['manifest.json'])
    expect(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'))).toEqual(m)
    await writeManifest(dir, { ...m, buildId: 'b2' })
    expect((await readManifest(dir)).buildId).toBe('b2')
  })

  it('tells the user to build when it is missing', async () => {
    const dir = await tempDir()
    await expect(readManifest(dir)).rejects.toThrow(
      `[fresco] ${path.join(dir, 'manifest.json')} does not exist. Run \`fresco build\` first.`,
    )
  })

  it('rejects a manifest from another version', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ ...sampleManifest(), version: 99 }))
    await expect(readManifest(dir)).rejects.toThrow(
      /was written by another version of Fresco \(manifest version 99, this version reads 1\)\. Run `fresco build` again/,
    )
  })

  it.each([
    ['{', 'not JSON'],
    ['null', 'not an object'],
    [JSON.stringify({ version: 1, routes: [] }), 'no buildId'],
    [JSON.stringify({ version: 1, buildId: 'x' }), 'no routes'],
    [
      JSON.stringify({ version: 1, buildId: 'x', routes: [{ id: '/', path: '/', kind: 'x' }] }),
      'routes[0]: bad kind x',
    ],
    [
      JSON.stringify({ ...sampleManifest(), routes: [{ ...sampleManifest().routes[0], prerendered: [1] }] }),
      'routes[0]: bad prerendered',
    ],
  ])('rejects a corrupt manifest %s', async (text, reason) => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'manifest.json'), text)
    await expect(readManifest(dir)).rejects.toThrow(
      `is not a valid Fresco build manifest (${reason}). Run \`fresco build\` again.`,
    )
  })

  it('routeTypeOf', () => {
    expect(routeTypeOf(false, false)).toBe('static')
    expect(routeTypeOf(60, false)).toBe('isr')
    expect(routeTypeOf(0, false)).toBe('dynamic')
    expect(routeTypeOf(false, true)).toBe('dynamic')
  })
})
