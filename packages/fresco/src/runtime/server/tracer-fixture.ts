// A Tracer for unit tests: records each span's spec and runs its work, so a test asserts which
// spans a piece of code asks for (the real one, on @opentelemetry/api: node/tracing/otel-tracer.ts).
import type { SpanSpec, Tracer } from './tracer.js'

export function recordingTracer(): { tracer: Tracer; spans: SpanSpec[] } {
  const spans: SpanSpec[] = []
  const tracer: Tracer = {
    span: (spec, fn) => {
      spans.push(spec)
      return fn({ setAttributes() {}, updateName() {} })
    },
    carrier: () => ({}),
    within: (_carrier, fn) => fn(),
  }
  return { tracer, spans }
}
