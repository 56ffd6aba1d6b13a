// A render that hits a dynamic API while being cached (prerender, ISR regeneration) is not an
// error: the route is dynamic. The regeneration answers with a never-stored marker entry
// (revalidate 0, which also drops an older stored version), and the caller renders per request.
// A marker in the entry rather than a closure flag: requests joining the same single flight
// receive this entry too, and must reach the same conclusion.
import type { CacheEntry, Clock } from '@fresco/cache'
import { isDynamicUsageError } from '../data/dynamic.js'

const MARKER = 'x-fresco-dynamic-usage'

export function dynamicAware(render: () => Promise<CacheEntry>, clock: Clock): () => Promise<CacheEntry> {
  return async () => {
    try {
      return await render()
    } catch (error) {
      if (!isDynamicUsageError(error)) throw error
      return {
        kind: 'page',
        body: new Uint8Array(0),
        status: 200,
        headers: { [MARKER]: error.api },
        tags: [],
        lastModified: clock.now(),
        revalidate: 0,
      }
    }
  }
}

/** The dynamic API that made this render dynamic, if the entry is the marker. */
export function dynamicUsageOf(entry: CacheEntry): string | undefined {
  return entry.revalidate === 0 ? entry.headers[MARKER] : undefined
}
