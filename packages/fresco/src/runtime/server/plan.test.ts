// The request plan as a table: each path resolves to exactly one plan, from the path alone.
// (What a cached plan renders with — the canonical origin, no request input — is tested end to
// end in e2e/tests/isr.test.ts, "cached renders never see the triggering request".)
import { describe, expect, it } from 'vitest'
import { createPlanner, PLAN_PATH_MAX_LENGTH, type RequestPlan } from './plan.js'
import { sampleAppContext } from './plan-fixture.js'

const setup = (options: { dev?: boolean } = {}) => {
  const { ctx } = sampleAppContext(options)
  return { ctx, planner: createPlanner(ctx) }
}

/** A plan reduced to what the table compares. */
function summary(plan: RequestPlan): string {
  switch (plan.kind) {
    case 'redirect':
      return `redirect ${plan.location}`
    case 'not-found':
      return 'not-found'
    case 'cached':
      return `cached ${plan.which} ${plan.key}`
    case 'dynamic':
      return `dynamic ${plan.which} (${plan.reason})`
  }
}

describe('request plan', () => {
  it.each([
    ['/posts/1', 'cached html route:b1:/posts/1'],
    ['/posts/2', 'cached html route:b1:/posts/2'], // dynamicParams: rendered on demand, then cached
    ['/_fresco/rsc/posts/1', 'cached rsc route:b1:/posts/1'],
    ['/posts/caf\u00e9', 'cached html route:b1:/posts/caf%C3%A9'],
    ['/posts/1/', 'redirect /posts/1'],
    ['/posts/caf\u00e9/', 'redirect /posts/caf%C3%A9'],
    ['/posts/a%b/', 'redirect /posts/a%25b'],
    ['/fixed/1', 'cached html route:b1:/fixed/1'],
    ['/fixed/2', 'not-found'], // dynamicParams = false outside the prerendered params
    ['/live', "dynamic html (dynamic = 'force-dynamic')"],
    ['/me', 'dynamic html (cookies())'],
    ['/new', 'dynamic html (not in the build manifest)'],
    ['/api/time', 'cached html route:b1:/api/time'],
    ['/_fresco/rsc/api/time', 'cached html route:b1:/api/time'],
    ['/api/echo', 'dynamic html (route handler)'],
    ['/no/such/page', 'not-found'],
  ])('%s → %s', async (path, expected) => {
    const { planner } = setup()
    expect(summary(await planner.resolve(path))).toBe(expected)
    // Once the route is loaded the same plan is available without a promise (the HIT path).
    expect(summary(planner.peek(path)!)).toBe(expected)
  })

  it('plans every path as dynamic in development', async () => {
    const { planner } = setup({ dev: true })
    expect(summary(await planner.resolve('/posts/1'))).toBe('dynamic html (development)')
    expect(planner.peek('/posts/1')).toBeUndefined()
  })

  it('remembers one plan object per path, and long paths never', async () => {
    const { planner } = setup()
    const first = await planner.resolve('/posts/1')
    expect(planner.peek('/posts/1')).toBe(first)
    const long = `/posts/${'a'.repeat(PLAN_PATH_MAX_LENGTH)}`
    const plan = await planner.resolve(long)
    expect(plan.kind).toBe('cached')
    expect(planner.peek(long)).not.toBe(plan)
  })
})
