// headers(): the incoming request headers, read-only. Reading them makes the route dynamic.
import { readonlyHeadersError } from '../../errors.js'
import { isForceStatic, markDynamic } from './dynamic.js'
import { requestApiStore } from './request-api.js'

/** A Headers whose mutators throw: what a page receives can't change what the client sent. */
export class ReadonlyHeaders extends Headers {
  override append(): void {
    throw readonlyHeadersError()
  }
  override set(): void {
    throw readonlyHeadersError()
  }
  override delete(): void {
    throw readonlyHeadersError()
  }
}

/**
 * Async like Next 15+. Under `dynamic = 'force-static'` the headers are empty and the route stays
 * static; otherwise the call marks the route dynamic (throws the marker while prerendering).
 */
export function headers(): Promise<ReadonlyHeaders> {
  const store = requestApiStore('headers()')
  if (isForceStatic(store)) return Promise.resolve(new ReadonlyHeaders())
  markDynamic('headers()')
  return Promise.resolve(new ReadonlyHeaders(store.headers))
}
