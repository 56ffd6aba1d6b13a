// refresh() from next/cache (Next 16): inside a Server Action, make the client show fresh data.
// Fresco already answers every action with a fresh render of the page (one round trip, see
// server/actions.ts), so in an action there is nothing left to do; anywhere else it is a mistake.
import { refreshOutsideActionError } from '../../errors.js'
import { getRequestStore } from './request-store.js'

export function refresh(): void {
  if (getRequestStore()?.phase !== 'action') throw refreshOutsideActionError()
}
