// after() from next/server: work scheduled for when the response is done (logging, analytics,
// cache warming). It runs a macrotask later, inside the same request store so cookies()/headers()
// still answer, and never delays or fails the response: errors are logged.
import { outsideRequestError } from '../../errors.js'
import { getRequestStore, runWithRequestStore } from './request-store.js'

export function after<T>(task: Promise<T> | (() => T | Promise<T>)): void {
  const store = getRequestStore()
  if (!store) throw outsideRequestError('after()')
  const run = () => (typeof task === 'function' ? runWithRequestStore(store, task) : task)
  new Promise<void>((resolve) => setImmediate(resolve)).then(run).catch((error: unknown) => {
    console.error('[fresco] An after() callback failed:', error)
  })
}
