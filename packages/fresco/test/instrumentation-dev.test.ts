// `fresco dev` runs instrumentation.ts's register() before the app, as `next dev` does: a tracer
// provider registered there receives the request and render spans. The provider here is a small
// one on @opentelemetry/api (the repository has no SDK) that appends each ended span's name to a file.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { serveDev } from './fixture.js'

const files = {
  'app/layout.tsx': `
export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>
}`,
  'app/page.tsx': `export default function Home() { return <p>home</p> }`,
  'instrumentation.ts': `
import { appendFileSync } from 'node:fs'
import { AsyncLocalStorage } from 'node:async_hooks'
import * as api from '@opentelemetry/api'

export function register() {
  const file = process.cwd() + '/spans.txt'
  const als = new AsyncLocalStorage<api.Context>()
  api.context.setGlobalContextManager({
    active: () => als.getStore() ?? api.ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => als.run(ctx, () => fn.call(thisArg, ...args)),
    bind: (_ctx, target) => target,
    enable() { return this },
    disable() { return this },
  })
  let ids = 0
  api.trace.setGlobalTracerProvider({
    getTracer: () => ({
      startSpan(name: string, _options: unknown, ctx = api.context.active()) {
        let current = name
        const parent = api.trace.getSpanContext(ctx)
        const sc = { traceId: parent?.traceId ?? String(++ids).padStart(32, '0'), spanId: String(++ids).padStart(16, '0'), traceFlags: 1 }
        const span: any = {
          spanContext: () => sc,
          setAttribute: () => span, setAttributes: () => span, addEvent: () => span, addLink: () => span,
          addLinks: () => span, setStatus: () => span, isRecording: () => true, recordException() {},
          updateName: (next: string) => { current = next; return span },
          end: () => appendFileSync(file, current + (parent ? ' < ' + parent.spanId : '') + ' #' + sc.spanId + '\\n'),
        }
        return span
      },
      startActiveSpan() { throw new Error('unused') },
    }),
  } as api.TracerProvider)
}`,
}

const app = serveDev(files)

describe('fresco dev with instrumentation.ts', () => {
  it('registers the provider before the app: the request span and the render span under it', async () => {
    const res = await fetch(`${app.url}/`)
    expect(res.status).toBe(200)
    await res.text()
    const lines = (await readFile(path.join(app.root, 'spans.txt'), 'utf8')).trim().split('\n')
    const request = lines.find((l) => l.startsWith('GET / #'))
    expect(request, lines.join('\n')).toBeDefined()
    const requestId = request?.split(' #')[1]
    expect(lines.some((l) => l.startsWith(`render route (app) / < ${requestId} #`))).toBe(true)
  }, 60_000)
})
