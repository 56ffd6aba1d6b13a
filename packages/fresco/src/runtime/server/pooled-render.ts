// The two ends of a pooled render (docs/design/server.md, "The render pool"). On the main thread a
// regeneration becomes a job: the plan's input and nothing of the request (invariant 9). In a render
// thread the job's router rebuilds its target from this bundle's own route table and renders it with
// the same cachedRender the main thread would have run.
import type { CacheEntry, Regenerate, RegenerateContext } from '@fresco/cache'
import type { AppRenderJob, PagesRenderJob, PooledRenderJob, RenderPool } from './render-pool.js'
import type { Tracer } from './tracer.js'

/** A job's input may depend on why the regeneration runs (getStaticProps' revalidateReason). */
export function pooledRender(
  pool: RenderPool,
  jobOf: (regeneration: RegenerateContext) => PooledRenderJob,
  tracer: Tracer | undefined,
): Regenerate {
  // Traced, the thread's spans (fetch, data cache writes) continue the render span running here.
  if (tracer)
    return (regeneration) =>
      pool.render({ ...jobOf(regeneration), trace: tracer.carrier() }, regeneration.signal)
  return (regeneration) => pool.render(jobOf(regeneration), regeneration.signal)
}

export interface PooledJobRenderers {
  app(job: AppRenderJob, regeneration: RegenerateContext): Promise<CacheEntry>
  pages(job: PagesRenderJob, regeneration: RegenerateContext): Promise<CacheEntry>
}

/** In a render thread: the job's router renders it, inside the main thread's render span when traced. */
export function renderPooledJob(
  tracer: Tracer | undefined,
  renderers: PooledJobRenderers,
  job: PooledRenderJob,
  regeneration: RegenerateContext,
): Promise<CacheEntry> {
  const render = () =>
    job.router === 'pages' ? renderers.pages(job, regeneration) : renderers.app(job, regeneration)
  if (tracer && job.trace) return tracer.within(job.trace, render)
  return render()
}
