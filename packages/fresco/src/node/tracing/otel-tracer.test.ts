// The Tracer on @opentelemetry/api with a small recording provider and an AsyncLocalStorage context
// manager standing in for the SDK (the e2e test, tracing.test.ts, runs the real Node SDK): off until
// a provider is registered, spans parented through `await`s, ended when their work settles, errors
// recorded, a synchronous answer kept synchronous.
import { AsyncLocalStorage } from 'node:async_hooks'
import * as api from '@opentelemetry/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOtelTracer, loadTracer, providerRegistered } from './otel-tracer.js'

interface Recorded {
  name: string
  spanId: string
  parentSpanId: string | undefined
  attributes: api.Attributes
  status: api.SpanStatus
  exceptions: number
  ended: boolean
}

const contextManager: api.ContextManager = (() => {
  const als = new AsyncLocalStorage<api.Context>()
  const manager: api.ContextManager = {
    active: () => als.getStore() ?? api.ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => als.run(ctx, () => fn.call(thisArg, ...args)),
    bind: (_ctx, target) => target,
    enable: () => manager,
    disable: () => manager,
  }
  return manager
})()

const recorded: Recorded[] = []
let ids = 0
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')

const provider: api.TracerProvider = {
  getTracer: () => ({
    startSpan(name, options = {}, ctx = api.context.active()) {
      const parent = api.trace.getSpanContext(ctx)
      const spanContext = {
        traceId: parent?.traceId ?? hex(++ids, 32),
        spanId: hex(++ids, 16),
        traceFlags: api.TraceFlags.SAMPLED,
      }
      const rec: Recorded = {
        name,
        spanId: spanContext.spanId,
        parentSpanId: parent?.spanId,
        attributes: { ...options.attributes },
        status: { code: api.SpanStatusCode.UNSET },
        exceptions: 0,
        ended: false,
      }
      recorded.push(rec)
      const span: api.Span = {
        spanContext: () => spanContext,
        setAttribute: (key, value) => {
          if (value !== undefined) rec.attributes[key] = value
          return span
        },
        setAttributes: (attributes) => {
          Object.assign(rec.attributes, attributes)
          return span
        },
        addEvent: () => span,
        addLink: () => span,
        addLinks: () => span,
        setStatus: (status) => {
          rec.status = status
          return span
        },
        updateName: (next) => {
          rec.name = next
          return span
        },
        end: () => {
          rec.ended = true
        },
        isRecording: () => !rec.ended,
        recordException: () => {
          rec.exceptions++
        },
      }
      return span
    },
    startActiveSpan: () => {
      throw new Error('not used by Fresco')
    },
  }),
}

const SPEC = { type: 'AppRender.getBodyResult', attributes: { 'next.route': '/p/[id]' } } as const
const byName = (name: string) => recorded.find((s) => s.name === name)

describe('OpenTelemetry tracer', () => {
  it('is off while no tracer provider is registered', async () => {
    expect(providerRegistered(api)).toBe(false)
    expect(await loadTracer()).toBeUndefined()
  })

  describe('with a provider and a context manager registered', () => {
    beforeAll(() => {
      api.context.setGlobalContextManager(contextManager)
      api.trace.setGlobalTracerProvider(provider)
    })
    afterAll(() => {
      api.trace.disable()
      api.context.disable()
    })

    it('is on', async () => {
      expect(providerRegistered(api)).toBe(true)
      expect(await loadTracer()).toBeDefined()
    })

    it('nests spans started after an await under the span whose work awaits, and ends each when it settles', async () => {
      const tracer = createOtelTracer(api)
      const value = await tracer.span({ ...SPEC, name: 'outer' }, async (span) => {
        await new Promise((r) => setTimeout(r, 1))
        const inner = await tracer.span({ ...SPEC, name: 'inner', kind: 'client' }, async () => 'x')
        span.setAttributes({ 'http.status_code': 200, skipped: undefined })
        span.updateName('outer renamed')
        expect(byName('outer renamed')?.ended).toBe(false)
        return inner
      })
      expect(value).toBe('x')
      const outer = byName('outer renamed')
      const inner = byName('inner')
      expect(inner?.parentSpanId).toBe(outer?.spanId)
      expect(outer?.parentSpanId).toBeUndefined()
      expect(outer?.ended && inner?.ended).toBe(true)
      expect(outer?.attributes).toEqual({
        'next.route': '/p/[id]',
        'next.span_type': 'AppRender.getBodyResult',
        'next.span_name': 'outer renamed',
        'http.status_code': 200,
      })
    })

    it('answers a synchronous result synchronously, ending its span at once', () => {
      const tracer = createOtelTracer(api)
      const value = tracer.span({ ...SPEC, name: 'sync' }, () => 42)
      expect(value).toBe(42)
      expect(byName('sync')?.ended).toBe(true)
    })

    it('records a rejection or a throw on the span, ends it, and passes the error on', async () => {
      const tracer = createOtelTracer(api)
      const boom = new Error('boom')
      await expect(
        tracer.span({ ...SPEC, name: 'rejects' }, async () => {
          throw boom
        }),
      ).rejects.toBe(boom)
      expect(() =>
        tracer.span({ ...SPEC, name: 'throws' }, () => {
          throw boom
        }),
      ).toThrow(boom)
      for (const name of ['rejects', 'throws']) {
        expect(byName(name)).toMatchObject({
          ended: true,
          exceptions: 1,
          status: { code: api.SpanStatusCode.ERROR, message: 'boom' },
        })
      }
    })

    it('runs work within a carrier: what it starts is a child of the carried span', async () => {
      api.propagation.setGlobalPropagator(w3c)
      const tracer = createOtelTracer(api)
      const carrier = tracer.span({ ...SPEC, name: 'main thread' }, () => tracer.carrier())
      expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
      await tracer.within(carrier, () => tracer.span({ ...SPEC, name: 'in a thread' }, async () => {}))
      expect(byName('in a thread')?.parentSpanId).toBe(byName('main thread')?.spanId)
      api.propagation.disable()
    })
  })
})

/** A minimal W3C traceparent propagator (the SDK's lives in @opentelemetry/core). */
const w3c: api.TextMapPropagator = {
  inject(ctx, carrier, setter) {
    const sc = api.trace.getSpanContext(ctx)
    if (sc) setter.set(carrier, 'traceparent', `00-${sc.traceId}-${sc.spanId}-0${sc.traceFlags}`)
  },
  extract(ctx, carrier, getter) {
    const value = getter.get(carrier, 'traceparent')
    const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(String(value ?? ''))
    if (!match) return ctx
    const [, traceId = '', spanId = '', flags = '0'] = match
    return api.trace.setSpanContext(ctx, {
      traceId,
      spanId,
      traceFlags: Number.parseInt(flags, 16),
      isRemote: true,
    })
  },
  fields: () => ['traceparent'],
}
