// `searchParams` as a Promise whose reading — not its passing — marks the render dynamic, as in
// Next: a page that never awaits searchParams stays static.
import { markDynamic } from '../data/dynamic.js'

export type SearchParams = Record<string, string | string[]>

export function toRecord(search: URLSearchParams): SearchParams {
  const out: SearchParams = {}
  for (const [k, v] of search) {
    const prev = out[k]
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return out
}

// The plain promise behind each lazy one, for props that are serialized, not read (unmarkedSearchParams).
const plain = new WeakMap<Promise<SearchParams>, Promise<SearchParams>>()

export function searchParamsPromise(search: URLSearchParams): Promise<SearchParams> {
  const value = Promise.resolve(toRecord(search))
  const read = () => {
    markDynamic('searchParams')
    return value
  }
  const lazy = {
    // biome-ignore lint/suspicious/noThenProperty: a lazy thenable is the point.
    then: (onFulfilled, onRejected) => read().then(onFulfilled, onRejected),
    catch: (onRejected) => read().catch(onRejected),
    finally: (onFinally) => read().finally(onFinally),
    [Symbol.toStringTag]: 'Promise',
  } as Promise<SearchParams>
  plain.set(lazy, value)
  return lazy
}

/** The same values without the marking: for a prop handed to a client component whole. */
export function unmarkedSearchParams(lazy: Promise<SearchParams>): Promise<SearchParams> {
  return plain.get(lazy) ?? lazy
}
