import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { appendFile, readdir, truncate, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../clock.js'
import { silentLogger } from '../logger.js'
import { waitUntil } from '../testing/redis-server.js'
import { createRecordingLogger, makeEntry, runHandlerConformance } from '../testing.js'
import { createFsHandler } from './fs.js'
import { encodeEntry } from './fs-format.js'

const root = mkdtempSync(join(tmpdir(), 'fresco-fs-'))
let n = 0
const freshDir = () => join(root, `d${n++}`)
afterAll(() => rmSync(root, { recursive: true, force: true }))

runHandlerConformance(
  'fs',
  ({ clock }) => createFsHandler({ dir: freshDir(), clock, logger: silentLogger }),
  {
    describe,
    it,
    expect,
    beforeEach,
    afterEach,
  },
)

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
/** A handler whose clock sits at makeEntry()'s default lastModified. */
const fsHandler = (dir: string, logger = silentLogger) =>
  createFsHandler({ dir, clock: createManualClock(), logger })
const encode = (s: string) => new TextEncoder().encode(s)

describe('fs handler', () => {
  it('names files by hashing the key: no path traversal, nothing outside the directory', async () => {
    const dir = freshDir()
    const handler = fsHandler(dir)
    await handler.set('../../../escape', makeEntry())
    await handler.ready()
    const files = readdirSync(dir).filter((f) => f.endsWith('.entry'))
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.entry$/)
    expect(handler.fileFor('../../../escape')).toBe(join(dir, files[0]!))
  })

  it('stores metadata and raw bytes in one file (no base64)', async () => {
    const dir = freshDir()
    const handler = fsHandler(dir)
    await handler.set('k', makeEntry({ body: encode('<html>raw</html>'), payload: encode('RSC!') }))
    const file = readFileSync(handler.fileFor('k'))
    expect(text(file.subarray(0, 4))).toBe('FRSC')
    expect(text(file)).toContain('<html>raw</html>RSC!')
    expect(file.byteLength).toBe(
      encodeEntry('k', (await handler.get('k'))!).reduce((s, p) => s + p.byteLength, 0),
    )
  })

  it('a truncated file is a miss and is removed', async () => {
    const dir = freshDir()
    const logger = createRecordingLogger()
    const handler = fsHandler(dir, logger)
    await handler.set('k', makeEntry({ body: new Uint8Array(10_000) }))
    const file = handler.fileFor('k')
    await truncate(file, statSync(file).size - 1)
    expect(await handler.get('k')).toBeUndefined()
    expect(() => statSync(file)).toThrow()
    expect(logger.of('warn')[0]).toMatch(/removed cache file .* size \d+ bytes, header says \d+ \(key k\)/)
  })

  it('garbage and a foreign format are misses too', async () => {
    const dir = freshDir()
    const handler = fsHandler(dir)
    await handler.ready()
    await writeFile(handler.fileFor('a'), 'not a cache file at all')
    await writeFile(handler.fileFor('b'), '')
    expect(await handler.get('a')).toBeUndefined()
    expect(await handler.get('b')).toBeUndefined()
  })

  it('tag state survives a restart (a new handler on the same directory)', async () => {
    const dir = freshDir()
    const clock = createManualClock(1000)
    const first = createFsHandler({ dir, clock, logger: silentLogger })
    await first.updateTags(['posts'])
    clock.advance(10)
    await first.updateTags(['authors', 'posts'], { expire: 60 })
    await first.set('k', makeEntry({ lastModified: 500 }))
    const second = createFsHandler({ dir, clock, logger: silentLogger })
    await second.ready()
    expect(second.getTagState('posts')).toEqual({ stale: 1010, expired: 61_010 })
    expect(second.getTagState('authors')).toEqual({ stale: 1010, expired: 61_010 })
    expect((await second.get('k'))!.lastModified).toBe(500)
  })

  it('skips a torn journal line (writer killed mid-append) and keeps the rest', async () => {
    const dir = freshDir()
    const clock = createManualClock(1000)
    const first = createFsHandler({ dir, clock, logger: silentLogger })
    await first.updateTags(['posts'])
    await appendFile(join(dir, 'tags.log'), '[["authors",20')
    const logger = createRecordingLogger()
    const second = createFsHandler({ dir, clock, logger })
    await second.ready()
    expect(second.getTagState('posts')).toEqual({ stale: 1000, expired: 1000 })
    expect(second.getTagState('authors')).toBeUndefined()
    expect(logger.of('warn')[0]).toContain('torn line')
  })

  it('garbage-collects entries past their expire window, on read and with gc()', async () => {
    const dir = freshDir()
    const clock = createManualClock(0)
    const handler = createFsHandler({ dir, clock, logger: silentLogger })
    await handler.set('short', makeEntry({ lastModified: 0, revalidate: 10, expire: 100 }))
    await handler.set('long', makeEntry({ lastModified: 0, revalidate: 10 }))
    await handler.set('forever', makeEntry({ lastModified: 0, revalidate: false }))
    await handler.set('read', makeEntry({ lastModified: 0, revalidate: 10, expire: 100 }))
    clock.advance(100_001)
    expect(await handler.get('read')).toBeUndefined()
    expect(() => statSync(handler.fileFor('read'))).toThrow()
    expect(await handler.gc()).toEqual({ kept: 2, removed: 1 })
    expect(await handler.get('long')).toBeDefined()
    clock.advance(31_536_000_000)
    expect(await handler.gc()).toEqual({ kept: 1, removed: 1 })
    expect(await handler.get('forever')).toBeDefined()
  })

  it('gc() removes abandoned temp files and corrupt entries, and tag records nothing can match', async () => {
    const dir = freshDir()
    const clock = createManualClock(Date.now())
    const handler = createFsHandler({ dir, clock, logger: silentLogger })
    await handler.updateTags(['old'])
    clock.advance(2 * 60 * 60_000)
    await handler.set('k', makeEntry({ lastModified: clock.now() }))
    await handler.updateTags(['recent'])
    const temp = `${handler.fileFor('k')}.999.0.tmp`
    await writeFile(temp, 'half a write')
    const old = new Date(clock.now() - 60 * 60_000)
    await utimes(temp, old, old)
    await writeFile(handler.fileFor('corrupt'), 'FRSC')
    expect(await handler.gc()).toEqual({ kept: 1, removed: 2 })
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(handler.getTagState('old')).toBeUndefined()
    expect(handler.getTagState('recent')).toBeDefined()
    const reloaded = createFsHandler({ dir, clock, logger: silentLogger })
    await reloaded.ready()
    expect(reloaded.getTagState('old')).toBeUndefined()
    expect(reloaded.getTagState('recent')).toBeDefined()
  })

  it('a leftover temp file from a killed writer does not affect the published entry', async () => {
    const dir = freshDir()
    const handler = fsHandler(dir)
    await handler.set('k', makeEntry({ body: encode('previous') }))
    const parts = encodeEntry('k', makeEntry({ body: new Uint8Array(100_000) }))
    const partial = Buffer.concat(parts).subarray(0, 5000)
    await writeFile(`${handler.fileFor('k')}.4242.0.tmp`, partial)
    expect(text((await handler.get('k'))!.body)).toBe('previous')
  })

  it('a writer process SIGKILLed mid-write leaves the previous entry readable', async () => {
    const build = transpileSources()
    const dir = freshDir()
    const handler = createFsHandler({ dir, logger: silentLogger })
    await handler.set('page', makeEntry({ body: encode('previous good entry'), lastModified: Date.now() }))
    const script = `
      import { createFsHandler } from ${JSON.stringify(pathToFileURL(join(build, 'handlers/fs.js')).href)}
      const h = createFsHandler({ dir: ${JSON.stringify(dir)}, logger: { debug() {}, warn() {}, error() {} } })
      await h.ready()
      const body = new Uint8Array(48 * 1024 * 1024).fill(120)
      process.stdout.write('writing\\n')
      for (let i = 0; ; i++) await h.set('page', { kind: 'page', body, status: 200, headers: {}, tags: [String(i)], lastModified: Date.now(), revalidate: 60 })
    `
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve())
      child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)))
    })
    await new Promise((resolve) => setTimeout(resolve, 30 + Math.random() * 40))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    expect(readdirSync(dir).filter((f) => f.endsWith('.entry'))).toHaveLength(1) // a leftover is only ever *.tmp
    // Whatever instant the kill landed at, the key holds a complete entry: the old one or a whole new one.
    const entry = await handler.get('page')
    expect(entry).toBeDefined()
    const body = entry!.body
    if (body.byteLength === 48 * 1024 * 1024) expect(body[body.byteLength - 1]).toBe(120)
    else expect(text(body)).toBe('previous good entry')
  })
})

/** Compile the package's sources to plain JS (TypeScript's transpiler) for a child process. */
function transpileSources(): string {
  const src = dirname(dirname(fileURLToPath(import.meta.url)))
  const out = mkdtempSync(join(root, 'build-'))
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, name.name)
      if (name.isDirectory()) walk(path)
      else if (name.name.endsWith('.ts') && !name.name.endsWith('.test.ts')) {
        const target = join(out, relative(src, path)).replace(/\.ts$/, '.js')
        mkdirSync(dirname(target), { recursive: true })
        const js = ts.transpileModule(readFileSync(path, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        }).outputText
        writeFileSync(target, js)
      }
    }
  }
  walk(src)
  writeFileSync(join(out, 'package.json'), '{"type":"module"}')
  return out
}

describe('fs handler: byte budget and scheduled GC', () => {
  const entryBytes = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.entry'))
      .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0)
  const page = (clock: { now(): number }, size = 1000, fields: Parameters<typeof makeEntry>[0] = {}) =>
    makeEntry({ body: new Uint8Array(size), lastModified: clock.now(), ...fields })

  it('a flood of distinct keys stays within maxBytes; the least recently used go first', async () => {
    const dir = freshDir()
    const clock = createManualClock(Date.now())
    const maxBytes = 50_000
    const handler = createFsHandler({ dir, clock, logger: silentLogger, maxBytes })
    await handler.set('kept', page(clock))
    for (let i = 0; i < 500; i++) {
      await handler.set(`flood:${i}`, page(clock))
      if (i % 10 === 0) expect(await handler.get('kept')).toBeDefined() // read often: recently used
    }
    await handler.gc() // waits for a running eviction too
    expect(entryBytes(dir)).toBeLessThanOrEqual(maxBytes)
    expect(handler.diskBytes).toBe(entryBytes(dir))
    expect(await handler.get('kept')).toBeDefined()
    expect(await handler.get('flood:0')).toBeUndefined()
    expect(await handler.get('flood:499')).toBeDefined()
  })

  it('evicts expired entries before any live one', async () => {
    const dir = freshDir()
    const clock = createManualClock(Date.now())
    const handler = createFsHandler({ dir, clock, logger: silentLogger, maxBytes: 12_000 })
    for (let i = 0; i < 5; i++)
      await handler.set(`old:${i}`, page(clock, 1000, { revalidate: 1, expire: 10 }))
    clock.advance(11_000)
    for (let i = 0; i < 6; i++) await handler.set(`live:${i}`, page(clock))
    await handler.close?.() // waits for the eviction the last writes started (no gc() here)
    const files = readdirSync(dir).filter((f) => f.endsWith('.entry'))
    expect(files.sort()).toEqual(
      Array.from({ length: 6 }, (_, i) => handler.fileFor(`live:${i}`).slice(dir.length + 1)).sort(),
    )
  })

  it('after its first scan, a key the directory did not hold is a miss without reading the disk', async () => {
    const dir = freshDir()
    const clock = createManualClock(Date.now())
    const build = createFsHandler({ dir, clock, logger: silentLogger })
    await build.set('built', page(clock))
    const server = createFsHandler({
      dir,
      clock,
      logger: silentLogger,
      maxBytes: 1_000_000,
      soleWriter: true,
    })
    // Before any scan the index is not the directory: files are read.
    await build.set('early', page(clock))
    expect(await server.get('early')).toBeDefined()
    await server.gc()
    expect(await server.get('built')).toBeDefined() // found by the scan
    // A file that appears behind the handler's back after the scan (only this process writes the
    // directory, so this never happens in use) proves the miss did not open anything.
    await build.set('behind', page(clock))
    expect(await server.get('behind')).toBeUndefined()
    await server.set('mine', page(clock))
    expect(await server.get('mine')).toBeDefined() // written by this handler: in the index
    await server.delete('mine')
    expect(await server.get('mine')).toBeUndefined()
    await server.set('mine', page(clock))
    expect(await server.get('mine')).toBeDefined()
    // Without a budget there is no index, and without soleWriter it is not trusted: every miss is read.
    const unbounded = createFsHandler({ dir, clock, logger: silentLogger, soleWriter: true })
    await unbounded.gc()
    expect(await unbounded.get('behind')).toBeDefined()
    const shared = createFsHandler({ dir, clock, logger: silentLogger, maxBytes: 1_000_000 })
    await shared.gc()
    await build.set('behind-shared', page(clock))
    expect(await shared.get('behind-shared')).toBeDefined()
  })

  it('a gc() after the first scan opens only the files its index does not know', async () => {
    const dir = freshDir()
    const clock = createManualClock(Date.now())
    const handler = createFsHandler({
      dir,
      clock,
      logger: silentLogger,
      maxBytes: 1_000_000,
      soleWriter: true,
    })
    await handler.set('short', page(clock, 1000, { revalidate: 1, expire: 10 }))
    await handler.set('long', page(clock))
    expect(await handler.gc()).toEqual({ kept: 2, removed: 0 }) // the first scan reads both
    // Garbled behind the handler's back: only a read would notice, and the index means no read.
    writeFileSync(handler.fileFor('long'), 'garbage')
    const other = createFsHandler({ dir, clock, logger: silentLogger })
    await other.set('unknown-expired', page(clock, 1000, { revalidate: 1, expire: 10 }))
    await other.set('unknown-live', page(clock))
    clock.advance(11_000)
    // short: expired by the index, no read; long: kept unread; the two unknown files are read.
    expect(await handler.gc()).toEqual({ kept: 2, removed: 2 })
    const left = readdirSync(dir).filter((f) => f.endsWith('.entry'))
    expect(left.sort()).toEqual(
      [handler.fileFor('long'), handler.fileFor('unknown-live')].map((f) => f.slice(dir.length + 1)).sort(),
    )
  })

  it('gc() removes the files of keys the owner says nothing reads any more, and says how many', async () => {
    const dir = freshDir()
    const clock = createManualClock(Date.now())
    const old = createFsHandler({ dir, clock, logger: silentLogger })
    for (let i = 0; i < 3; i++) await old.set(`route:old:/p/${i}`, page(clock))
    await old.set('route:new:/p/0', page(clock))
    await old.set('data:https://cms/p/0', page(clock))
    const logger = createRecordingLogger()
    const fresh = createFsHandler({
      dir,
      clock,
      logger,
      obsolete: (key) => key.startsWith('route:') && !key.startsWith('route:new:'),
    })
    expect(await fresh.gc()).toEqual({ kept: 2, removed: 3 })
    expect(readdirSync(dir).filter((f) => f.endsWith('.entry'))).toHaveLength(2)
    expect(await fresh.get('route:old:/p/1')).toBeUndefined()
    expect(await fresh.get('route:new:/p/0')).toBeDefined()
    expect(await fresh.get('data:https://cms/p/0')).toBeDefined()
    expect(logger.of('debug').join('\n')).toMatch(/kept 2, removed 3 \(3 obsolete/)
  })

  it('runs GC at start when scheduled: expired entries, a dead writer’s temp files, and the budget', async () => {
    const dir = freshDir()
    const clock = createManualClock(Date.now())
    const first = createFsHandler({ dir, clock, logger: silentLogger })
    await first.set('expired', page(clock, 100, { revalidate: 1, expire: 10 }))
    for (let i = 0; i < 20; i++) await first.set(`live:${i}`, page(clock))
    // A writer killed mid-write (its pid is gone) left a temp file a minute ago.
    const temp = `${first.fileFor('live:0')}.4194000.0.tmp`
    await writeFile(temp, 'half a write')
    clock.advance(11_000)
    const second = createFsHandler({
      dir,
      clock,
      logger: silentLogger,
      maxBytes: 10_000,
      gcIntervalMs: 60_000,
    })
    await waitUntil(() => entryBytes(dir) <= 10_000 && !readdirSync(dir).some((f) => f.endsWith('.tmp')))
    expect(readdirSync(dir)).not.toContain(first.fileFor('expired').slice(dir.length + 1))
    await second.close()
  })
})
