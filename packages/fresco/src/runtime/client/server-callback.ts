// Server Actions called from JS: POST the encoded arguments to the current page URL with the
// action id in a header; the response is an RSC payload carrying the return value and a fresh
// render of the page, applied in the same round trip. The response names what the action
// revalidated (x-fresco-revalidated), so the router drops those cached payloads first.
import {
  createFromFetch,
  createTemporaryReferenceSet,
  encodeReply,
  setServerCallback,
} from '@vitejs/plugin-rsc/browser'
import { ACTION_HEADER, REVALIDATED_HEADER, RSC_CONTENT_TYPE, type RscPayload } from '../render/payload.js'

export function installServerCallback(
  apply: (payload: RscPayload, revalidated: string | null) => void,
): void {
  setServerCallback(async (id, args) => {
    const temporaryReferences = createTemporaryReferenceSet()
    const body = await encodeReply(args, { temporaryReferences })
    const response = await fetch(window.location.pathname + window.location.search, {
      method: 'POST',
      headers: { [ACTION_HEADER]: id, accept: RSC_CONTENT_TYPE },
      body,
    })
    const payload = await createFromFetch<RscPayload>(Promise.resolve(response), { temporaryReferences })
    apply(payload, response.headers.get(REVALIDATED_HEADER))
    const result = payload.returnValue
    if (!result) throw new Error('[fresco] The Server Action response had no return value.')
    // A failed action arrives as a rejected promise (its error carries the digest, see actions.ts).
    if (!result.ok) return await (result.data as Promise<never>)
    return result.data
  })
}
