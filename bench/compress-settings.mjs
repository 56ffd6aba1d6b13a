#!/usr/bin/env node
import { parseArgs } from 'node:util'
// Compression settings for cache entries: bytes and CPU per body of brotli/gzip settings, each as a
// ratio to the settings used before (brotli quality 9 with the default 4 MB window, gzip 9), all
// measured in the same run, synchronously on one core (run it pinned: `taskset -c 1`).
// Bodies are HTML pages like the blog's, of three sizes. Prints a Markdown table.
//
//   taskset -c 1 node bench/compress-settings.mjs [--rounds 40]
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const { values: opts } = parseArgs({ options: { rounds: { type: 'string', default: '40' } } })
const rounds = Number(opts.rounds)

const page = (sections) =>
  Buffer.from(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Post</title></head><body><main>${Array.from(
      { length: sections },
      (_, i) =>
        `<article><h2>Section ${i}</h2><p>Incremental Static Regeneration serves this page from cache; entry ${i} of ${sections}, id ${(i * 2654435761) % 1e9}.</p></article>`,
    ).join('')}</main><script>self.__fresco_payload=[]</script></body></html>`,
  )

const windowBits = (n) => Math.min(24, Math.max(10, Math.ceil(Math.log2(n + 1))))
const br = (quality, sized) => (body) =>
  brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      ...(sized ? { [constants.BROTLI_PARAM_LGWIN]: windowBits(body.length) } : {}),
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  })
const settings = [
  ['br q9, 4 MB window (before)', br(9, false)],
  ['br q9, window sized to body', br(9, true)],
  ['br q5, window sized to body (now)', br(5, true)],
  ['br q11, window sized to body (static files)', br(11, true)],
  ['gzip 9 (before)', (b) => gzipSync(b, { level: 9 })],
  ['gzip 6 (now)', (b) => gzipSync(b, { level: 6 })],
]

const time = (fn, body) => {
  fn(body)
  const n = Math.max(3, Math.round(rounds * (4096 / Math.max(4096, body.length))))
  const start = process.hrtime.bigint()
  let out
  for (let i = 0; i < n; i++) out = fn(body)
  return { us: Number(process.hrtime.bigint() - start) / 1e3 / n, bytes: out.length }
}

console.log('| body | setting | bytes | µs per body | bytes vs before | CPU vs before |')
console.log('|---|---|---|---|---|---|')
for (const sections of [20, 120, 600]) {
  const body = page(sections)
  const results = settings.map(([name, fn]) => ({ name, ...time(fn, body) }))
  const before = { br: results[0], gzip: results[4] }
  for (const r of results) {
    const base = r.name.startsWith('gzip') ? before.gzip : before.br
    console.log(
      `| ${(body.length / 1024).toFixed(1)} KB | ${r.name} | ${r.bytes} | ${r.us.toFixed(0)} | ${(r.bytes / base.bytes).toFixed(3)}× | ${(r.us / base.us).toFixed(2)}× |`,
    )
  }
}
