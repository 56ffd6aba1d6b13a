import { describe, expect, it } from 'vitest'
import { refresh } from './refresh.js'
import { createRequestStore, type RenderPhase, runWithRequestStore } from './request-store.js'

const inPhase = (phase: RenderPhase, fn: () => void) =>
  runWithRequestStore(
    createRequestStore({
      url: new URL('http://localhost/'),
      routeId: '/',
      phase,
      config: { dynamic: 'auto', revalidate: false, dynamicParams: true, fetchCache: 'auto' },
    }),
    fn,
  )

describe('refresh()', () => {
  it('is accepted in a Server Action (the action response re-renders the page anyway)', () => {
    expect(() => inPhase('action', refresh)).not.toThrow()
  })

  it('throws anywhere else, as in Next.js', () => {
    expect(() => inPhase('route-handler', refresh)).toThrow(
      '[fresco] refresh() can only be called from a Server Action',
    )
    expect(() => refresh()).toThrow('Server Action')
  })
})
