// The app's Tracer (runtime/server/tracer.ts) on @opentelemetry/api, an optional peer dependency:
// loaded only after instrumentation.ts ran, and only used when it registered a tracer provider.
// Without the package, or without a provider, `fresco start` passes no tracer and pays nothing.
import type * as Otel from '@opentelemetry/api'
import type { SpanAttributes, SpanHandle, Tracer } from '../../runtime/server/tracer.js'

type Api = typeof Otel

/** Where every copy of @opentelemetry/api 1.x keeps its registered globals (the api's own key). */
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1')

/**
 * The tracer, or undefined when @opentelemetry/api is not installed or no provider is registered.
 * `warn` is told when an SDK did register a provider but this package cannot import the api (it is
 * installed only below the SDK's own folder): spans would be silently missing otherwise.
 * `importApi` is the import itself, replaceable in tests.
 */
export async function loadTracer(
  warn?: (message: string) => void,
  importApi: () => Promise<Api> = () => import('@opentelemetry/api'),
): Promise<Tracer | undefined> {
  let api: Api
  try {
    api = await importApi()
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error
    const registered = (globalThis as { [OTEL_GLOBAL]?: { trace?: unknown } })[OTEL_GLOBAL]?.trace
    if (registered !== undefined)
      warn?.(
        'instrumentation.ts registered an OpenTelemetry tracer provider, but @opentelemetry/api cannot be imported from @fresco/framework: no spans. Add @opentelemetry/api to the dependencies of the app (npm install @opentelemetry/api).',
      )
    return undefined
  }
  return providerRegistered(api) ? createOtelTracer(api) : undefined
}

/**
 * Whether an SDK called `trace.setGlobalTracerProvider` (any copy of the api: the global is shared).
 * Unregistered, the api answers its own proxy whose delegate is the api's no-op provider.
 */
export function providerRegistered(api: Api): boolean {
  const current = api.trace.getTracerProvider()
  if (!(current instanceof api.ProxyTracerProvider)) return true
  return current.getDelegate() !== new api.ProxyTracerProvider().getDelegate()
}

const defined = (attributes: SpanAttributes): Otel.Attributes => {
  const out: Otel.Attributes = {}
  for (const name in attributes) if (attributes[name] !== undefined) out[name] = attributes[name]
  return out
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

/** Spans of the instrumentation scope `fresco`. */
export function createOtelTracer(api: Api): Tracer {
  const tracer = api.trace.getTracer('fresco')
  const kinds = { server: api.SpanKind.SERVER, client: api.SpanKind.CLIENT }
  const fail = (span: Otel.Span, error: unknown) => {
    span.recordException(error instanceof Error ? error : String(error))
    span.setStatus({
      code: api.SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : undefined,
    })
  }
  return {
    carrier() {
      const carrier: Record<string, string> = {}
      api.propagation.inject(api.context.active(), carrier)
      return carrier
    },
    within(carrier, fn) {
      return api.context.with(api.propagation.extract(api.context.active(), carrier), fn)
    },
    span(spec, fn) {
      const active = api.context.active()
      const parent = spec.carrier ? api.propagation.extract(active, spec.carrier) : active
      // next.span_name / next.span_type as Next sets them on each of its spans.
      const attributes = {
        ...defined(spec.attributes),
        'next.span_name': spec.name,
        'next.span_type': spec.type,
      }
      const kind = spec.kind ? kinds[spec.kind] : api.SpanKind.INTERNAL
      const span = tracer.startSpan(spec.name, { kind, attributes }, parent)
      const handle: SpanHandle = {
        setAttributes: (more) => span.setAttributes(defined(more)),
        updateName: (name) => {
          span.updateName(name)
          span.setAttribute('next.span_name', name)
        },
      }
      let result: ReturnType<typeof fn>
      try {
        result = api.context.with(api.trace.setSpan(parent, span), fn, undefined, handle)
      } catch (error) {
        fail(span, error)
        span.end()
        throw error
      }
      if (!isThenable(result)) {
        span.end()
        return result
      }
      return Promise.resolve(result).then(
        (value) => {
          span.end()
          return value
        },
        (error: unknown) => {
          fail(span, error)
          span.end()
          throw error
        },
      ) as unknown as typeof result
    },
  }
}
