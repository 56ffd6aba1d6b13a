// OpenTelemetry spans without a dependency on @opentelemetry/api: `fresco start` hands the app a
// Tracer built on the api (node/tracing/otel-tracer.ts) only when the app's instrumentation.ts
// registered a tracer provider. Without one the app holds no tracer and every call site below is
// a plain call: nothing is wrapped, allocated or looked up (the HIT path stays as it was).

/** Attribute values as OpenTelemetry takes them; undefined ones are left out. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>

export interface SpanHandle {
  setAttributes(attributes: SpanAttributes): void
  updateName(name: string): void
}

/**
 * Next.js's span types (`next.span_type`) where Fresco does the same work, so dashboards and
 * queries written against Next's spans keep working; `FrescoCache.set` is Fresco's own.
 */
export const SPAN_TYPE = {
  handleRequest: 'BaseServer.handleRequest',
  render: 'AppRender.getBodyResult',
  fetch: 'AppRender.fetch',
  routeHandler: 'AppRouteRouteHandlers.runHandler',
  pagesRender: 'Render.renderDocument',
  cacheSet: 'FrescoCache.set',
} as const

export type SpanType = (typeof SPAN_TYPE)[keyof typeof SPAN_TYPE]

export interface SpanSpec {
  type: SpanType
  name: string
  attributes: SpanAttributes
  /** OpenTelemetry's SpanKind: a request is `server`, an upstream fetch `client`. Default internal. */
  kind?: 'server' | 'client'
  /** Incoming request headers: the span continues the trace of their `traceparent`. */
  carrier?: Record<string, string | string[] | undefined>
}

export interface Tracer {
  /**
   * Runs `fn` with a new span as the active one (a child of the active span, or of the carrier's
   * trace), so spans started by anything `fn` awaits nest under it. The span ends when `fn`
   * returns, or when its promise settles; a throw or rejection is recorded on it.
   */
  span<T>(spec: SpanSpec, fn: (span: SpanHandle) => T): T
  /** The active span's trace context as W3C headers (`traceparent`), to hand to a render thread. */
  carrier(): Record<string, string>
  /** Runs `fn` with a carrier's trace context active: a render thread continues the main thread's span. */
  within<T>(carrier: Record<string, string>, fn: () => T): T
}
