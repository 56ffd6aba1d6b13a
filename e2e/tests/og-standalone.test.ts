// output: 'standalone' with next/og: the traced node_modules must carry @vercel/og with the files it
// reads beside itself at its first image (resvg.wasm, the default font), which no import names. The og
// fixture built standalone, the folder copied to an empty directory (no node_modules in it or above
// it), `node server.js`: a route handler, an image drawn per request and one drawn at build.
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  type App,
  createApp,
  fixture,
  freePort,
  type Proc,
  poll,
  rawGet,
  spawnProc,
  threadNiceValues,
} from '../harness/index.js'

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

let app: App
let dir: string
let server: Proc | undefined
let url: string

beforeAll(async () => {
  app = await createApp(fixture('og'))
  writeFileSync(join(app.dir, 'next.config.mjs'), "export default { output: 'standalone' }\n")
  const build = await app.build()
  if (build.code !== 0) throw new Error(`fresco build of og (standalone) failed:\n${build.output}`)
  dir = mkdtempSync(join(tmpdir(), 'fresco-og-standalone-'))
  cpSync(join(app.dir, '.fresco/standalone'), dir, { recursive: true })
  const port = await freePort()
  server = spawnProc(process.execPath, ['server.js'], {
    cwd: dir,
    env: { PORT: String(port), HOSTNAME: '127.0.0.1' },
    label: 'node server.js',
  })
  url = `http://127.0.0.1:${port}`
  await poll(async () => ((await fetch(`${url}/_fresco/health`).catch(() => null))?.ok ? true : undefined), {
    what: `node server.js on ${url}`,
    timeoutMs: 60_000,
    intervalMs: 200,
  })
})

afterAll(async () => {
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  await app?.cleanup()
})

it("carries @vercel/og's wasm and font, and draws images from the copied folder alone", async () => {
  expect(existsSync(join(dir, 'node_modules/@vercel/og/dist/resvg.wasm'))).toBe(true)
  for (const [path, cache] of [
    ['/api/og?title=Standalone', undefined],
    ['/live/opengraph-image', undefined],
    ['/opengraph-image', 'HIT'],
  ] as const) {
    const res = await rawGet(url, path)
    expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({
      path,
      status: 200,
      type: 'image/png',
    })
    expect(res.headers['x-fresco-cache']).toBe(cache)
    expect(res.body.subarray(0, 8).equals(PNG)).toBe(true)
  }
  expect(server?.output()).not.toMatch(/error/i)
})

// server.js is CommonJS so that V8's garbage-collection threads are lowered before libuv's pool
// starts (deploying.md, "Garbage collection threads"), as the `fresco` command does.
it.runIf(existsSync('/proc/self/task'))(
  "runs V8's helper threads at the lowest priority, its own thread and libuv's pool at the normal one",
  () => {
    const { main, others } = threadNiceValues(server?.child.pid as number)
    expect(main).toBe(0)
    expect(others.filter((n) => n === 19).length).toBeGreaterThanOrEqual(4)
    expect(others.filter((n) => n === 0).length).toBeGreaterThanOrEqual(4)
  },
)
