// instrumentation.ts's built entry: register() awaited (NEXT_RUNTIME set for Next-style branches),
// nothing without the file, and a register() that fails stops the start with one line naming it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runInstrumentation } from './instrumentation.js'

const dir = mkdtempSync(join(tmpdir(), 'fresco-instrumentation-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const entry = (name: string, code: string) => {
  const file = join(dir, `${name}.mjs`)
  writeFileSync(file, code)
  return file
}

describe('runInstrumentation', () => {
  it('awaits register(), with NEXT_RUNTIME = nodejs', async () => {
    const key = `__frescoRegistered${Date.now()}`
    const file = entry(
      'ok',
      `export async function register() { await new Promise((r) => setTimeout(r, 5)); globalThis.${key} = process.env.NEXT_RUNTIME }`,
    )
    await runInstrumentation(file)
    expect((globalThis as Record<string, unknown>)[key]).toBe('nodejs')
  })

  it('does nothing when the app has no instrumentation.ts, or the file has no register()', async () => {
    await expect(runInstrumentation(join(dir, 'absent.mjs'))).resolves.toBeUndefined()
    await expect(runInstrumentation(entry('empty', 'export const x = 1'))).resolves.toBeUndefined()
  })

  it('names the file and the cause when register() fails', async () => {
    const file = entry('fails', `export function register() { throw new Error('no exporter URL') }`)
    await expect(runInstrumentation(file)).rejects.toThrow(
      '[fresco] instrumentation.ts: register() failed (no exporter URL). Fix it, or remove the file, and run `fresco build` again.',
    )
  })
})
