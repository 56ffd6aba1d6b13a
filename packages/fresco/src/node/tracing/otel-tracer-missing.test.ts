// An app whose SDK registered a provider through a copy of @opentelemetry/api this package cannot
// import (installed only below the SDK): no tracer, and one warning that says what to install.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadTracer } from './otel-tracer.js'

const missing = () =>
  Promise.reject(
    Object.assign(new Error("Cannot find package '@opentelemetry/api'"), { code: 'ERR_MODULE_NOT_FOUND' }),
  )

const KEY = Symbol.for('opentelemetry.js.api.1')
const slots = globalThis as { [KEY]?: unknown }

afterEach(() => {
  delete slots[KEY]
})

describe('loadTracer without an importable @opentelemetry/api', () => {
  it('is off and silent when nothing registered a provider', async () => {
    const warn = vi.fn()
    expect(await loadTracer(warn, missing)).toBeUndefined()
    expect(warn).not.toHaveBeenCalled()
  })

  it('warns when an SDK registered a provider through its own copy of the api', async () => {
    slots[KEY] = { version: '1.9.0', trace: {} }
    const warn = vi.fn()
    expect(await loadTracer(warn, missing)).toBeUndefined()
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('npm install @opentelemetry/api'))
  })

  it('passes any other failure to import the api on', async () => {
    const broken = () => Promise.reject(new SyntaxError('Unexpected token'))
    await expect(loadTracer(undefined, broken)).rejects.toThrow('Unexpected token')
  })
})
