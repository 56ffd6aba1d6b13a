// The fs handler's `brotli` option (what `fresco build` stores): bodies on disk brotli-coded, read
// back decoded with their coding attached for the server to send as `br`.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../clock.js'
import { silentLogger } from '../logger.js'
import { createRecordingLogger, makeEntry } from '../testing.js'
import type { Logger } from '../types.js'
import { createFsHandler } from './fs.js'
import { HEADER_BYTES } from './fs-format.js'
import { entryByteSize } from './size.js'
import { storedBrotli } from './stored-coding.js'

const root = mkdtempSync(join(tmpdir(), 'fresco-fs-brotli-'))
let n = 0
const freshDir = () => join(root, `d${n++}`)
afterAll(() => rmSync(root, { recursive: true, force: true }))

const encode = (s: string) => new TextEncoder().encode(s)
/** A blog-like page: repetitive markup, so brotli takes it to a fraction. */
const page = (words: number) =>
  encode(
    `<html><body>${Array.from({ length: words }, (_, i) => `<p class="x">word ${i} of the post</p>`).join('')}</body></html>`,
  )

/** A real brotli coder that counts its calls. */
function countingBrotli() {
  const calls: number[] = []
  const coder = async (bytes: Uint8Array) => {
    calls.push(bytes.byteLength)
    return new Uint8Array(brotliCompressSync(bytes))
  }
  return { coder, calls }
}

const handlerAt = (
  dir: string,
  brotli?: (bytes: Uint8Array) => Promise<Uint8Array>,
  logger: Logger = silentLogger,
) => createFsHandler({ dir, clock: createManualClock(), logger, ...(brotli && { brotli }) })

describe('fs handler: bodies stored brotli-coded', () => {
  it('stores body and payload coded, reads them back byte for byte, with the coding attached', async () => {
    const dir = freshDir()
    const { coder, calls } = countingBrotli()
    const handler = handlerAt(dir, coder)
    const body = page(400)
    const payload = page(200)
    await handler.set('k', makeEntry({ body, payload }))
    expect(calls).toEqual([body.byteLength, payload.byteLength])
    const onDisk = statSync(handler.fileFor('k')).size
    expect(onDisk).toBeLessThan((body.byteLength + payload.byteLength) / 4)

    const read = (await handlerAt(dir).get('k'))! // a handler without the option reads it too
    expect(Buffer.from(read.body).equals(Buffer.from(body))).toBe(true)
    expect(Buffer.from(read.payload!).equals(Buffer.from(payload))).toBe(true)
    for (const [part, original] of [
      [read.body, body],
      [read.payload!, payload],
    ] as const) {
      const coded = storedBrotli(part)!
      expect(coded.byteLength).toBeLessThan(original.byteLength)
      expect(Buffer.from(brotliDecompressSync(coded)).equals(Buffer.from(original))).toBe(true)
    }
    // The memory an L1 would hold for it counts the codings too.
    expect(entryByteSize('k', read)).toBe(
      entryByteSize('k', makeEntry({ body, payload })) +
        storedBrotli(read.body)!.byteLength +
        storedBrotli(read.payload!)!.byteLength,
    )
  })

  it('keeps parts under 1 KB, and parts the coder cannot shrink or fails on, as they are', async () => {
    const dir = freshDir()
    const { coder, calls } = countingBrotli()
    const small = handlerAt(dir, coder)
    await small.set('small', makeEntry({ body: encode('<html>short</html>') }))
    expect(calls).toEqual([])
    const read = (await small.get('small'))!
    expect(new TextDecoder().decode(read.body)).toBe('<html>short</html>')
    expect(storedBrotli(read.body)).toBeUndefined()

    const random = new Uint8Array(4096).map((_, i) => (i * 7919) % 251) // brotli cannot shrink much
    const growing = handlerAt(dir, async (bytes) => new Uint8Array(bytes.byteLength + 10))
    await growing.set('grow', makeEntry({ body: random }))
    const failing = handlerAt(dir, () => Promise.reject(new Error('zlib down')))
    await failing.set('fail', makeEntry({ body: page(100) }))
    for (const [key, body] of [
      ['grow', random],
      ['fail', page(100)],
    ] as const) {
      const got = (await handlerAt(dir).get(key))!
      expect(Buffer.from(got.body).equals(Buffer.from(body))).toBe(true)
      expect(storedBrotli(got.body)).toBeUndefined()
      expect(statSync(handlerAt(dir).fileFor(key)).size).toBeGreaterThan(body.byteLength)
    }
  })

  it('an entry read coded is stored coded again without coding it twice', async () => {
    const { coder, calls } = countingBrotli()
    const from = handlerAt(freshDir(), coder)
    await from.set('k', makeEntry({ body: page(300) }))
    const read = (await from.get('k'))!
    const to = handlerAt(freshDir()) // no coder at all
    await to.set('k', read)
    expect(calls).toHaveLength(1)
    expect(statSync(to.fileFor('k')).size).toBe(statSync(from.fileFor('k')).size)
  })

  it('a coded body that does not decode is a miss, and the file is removed with a warning', async () => {
    const dir = freshDir()
    const logger = createRecordingLogger()
    const handler = handlerAt(dir, countingBrotli().coder, logger)
    await handler.set('k', makeEntry({ body: page(300) }))
    const file = handler.fileFor('k')
    const bytes = readFileSync(file)
    const metaBytes = bytes.readUInt32LE(8)
    bytes.fill(0xff, HEADER_BYTES + metaBytes, HEADER_BYTES + metaBytes + 40) // garble the coded body
    writeFileSync(file, bytes)
    expect(await handler.get('k')).toBeUndefined()
    expect(() => statSync(file)).toThrow()
    expect(logger.of('warn').join('\n')).toMatch(/undecodable brotli body/)
  })
})
