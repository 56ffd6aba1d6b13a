// Server Actions. Called from JS: POST to the page URL with `x-fresco-action: <id>` and a
// React-encoded body; the answer is an RSC payload with the return value and a fresh render of
// the page (one round trip). Without JS: a form post decoded with decodeAction/decodeFormState,
// answered with a re-rendered HTML page, or a 303 when the action redirected.
import {
  createTemporaryReferenceSet,
  decodeAction,
  decodeFormState,
  decodeReply,
  loadServerAction,
} from '@vitejs/plugin-rsc/rsc/server'
import type { ReactFormState } from 'react-dom/client'
import { actionBodyTooLargeError, actionOriginError, isFrescoError } from '../../errors.js'
import { isRedirectError } from '../../exports/navigation-server.js'
import { createRequestStore, type RequestStore, runWithRequestStore } from '../data/request-store.js'
import { ACTION_HEADER } from '../render/payload.js'
import type { LoadedRoute } from '../render/route-modules.js'

export interface ActionContext {
  request: Request
  loaded: LoadedRoute
  implicitTags: string[]
  bodySizeLimit: number
  allowedOrigins: string[]
}

export type ActionOutcome =
  | { kind: 'rejected'; response: Response }
  | { kind: 'redirect'; url: string; store: RequestStore }
  | {
      kind: 'js'
      store: RequestStore
      returnValue: { ok: boolean; data: unknown }
      temporaryReferences: unknown
    }
  | { kind: 'form'; store: RequestStore; formState: ReactFormState | undefined }

export function isActionRequest(method: string, header: (name: string) => string | undefined): boolean {
  if (method !== 'POST') return false
  if (header(ACTION_HEADER) !== undefined) return true
  const type = header('content-type') ?? ''
  return type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')
}

/** CSRF: browsers always send Origin on cross-site POSTs; it must name this host. */
function originAllowed(
  request: Request,
  allowed: string[],
): { ok: true } | { ok: false; origin: string; host: string } {
  const origin = request.headers.get('origin')
  if (!origin || origin === 'null') return origin === 'null' ? { ok: false, origin, host: '' } : { ok: true }
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? ''
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    return { ok: false, origin, host }
  }
  if (originHost === host) return { ok: true }
  const matches = (pattern: string) =>
    pattern.startsWith('*.') ? originHost.endsWith(pattern.slice(1)) : originHost === pattern
  return allowed.some(matches) ? { ok: true } : { ok: false, origin, host }
}

async function limitedBody(request: Request, limit: number): Promise<Request> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > limit) throw actionBodyTooLargeError(limit)
  const bytes = new Uint8Array(await request.arrayBuffer())
  if (bytes.byteLength > limit) throw actionBodyTooLargeError(limit)
  return new Request(request.url, { method: 'POST', headers: request.headers, body: bytes })
}

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })

export async function runAction(ctx: ActionContext): Promise<ActionOutcome> {
  const origin = originAllowed(ctx.request, ctx.allowedOrigins)
  if (!origin.ok)
    return { kind: 'rejected', response: text(403, actionOriginError(origin.origin, origin.host).message) }
  let request: Request
  try {
    request = await limitedBody(ctx.request, ctx.bodySizeLimit)
  } catch (error) {
    if (isFrescoError(error, 'ACTION_BODY_TOO_LARGE'))
      return { kind: 'rejected', response: text(413, error.message) }
    throw error
  }
  const store = createRequestStore({
    url: new URL(request.url),
    routeId: ctx.loaded.route.id,
    phase: 'action',
    config: ctx.loaded.config,
    headers: request.headers,
    implicitTags: ctx.implicitTags,
  })
  const actionId = request.headers.get(ACTION_HEADER)
  return runWithRequestStore(store, async (): Promise<ActionOutcome> => {
    if (actionId) {
      const type = request.headers.get('content-type') ?? ''
      const body = type.startsWith('multipart/form-data') ? await request.formData() : await request.text()
      const temporaryReferences = createTemporaryReferenceSet()
      const args = (await decodeReply(body, { temporaryReferences })) as unknown[]
      const action = (await loadServerAction(actionId)) as (...a: unknown[]) => Promise<unknown>
      let returnValue: { ok: boolean; data: unknown }
      try {
        returnValue = { ok: true, data: await action(...args) }
      } catch (error) {
        const redirect = isRedirectError(error)
        if (redirect) return settle(store, { kind: 'redirect', url: redirect.url, store })
        returnValue = { ok: false, data: error }
      }
      return settle(store, { kind: 'js', store, returnValue, temporaryReferences })
    }
    const form = await request.formData()
    const action = await decodeAction(form)
    if (typeof action !== 'function')
      return { kind: 'rejected', response: text(405, 'This page does not accept POST requests.') }
    try {
      const result = await action()
      return settle(store, {
        kind: 'form',
        store,
        formState: (await decodeFormState(result, form)) ?? undefined,
      })
    } catch (error) {
      const redirect = isRedirectError(error)
      if (redirect) return settle(store, { kind: 'redirect', url: redirect.url, store })
      throw error
    }
  })
}

/** The re-render must see the action's revalidations: wait for the tag writes it started. */
async function settle(store: RequestStore, outcome: ActionOutcome): Promise<ActionOutcome> {
  await Promise.all(store.pending)
  return outcome
}

/** Tags and paths invalidated by the action, for the client's payload cache. */
export function revalidatedHeader(store: RequestStore): Record<string, string> {
  // Cookies change what every page may render for this visitor: the client drops all ('*').
  if (store.setCookies.length > 0) return { 'x-fresco-revalidated': '*' }
  if (store.revalidatedTags.length === 0) return {}
  return { 'x-fresco-revalidated': store.revalidatedTags.map(encodeURIComponent).join(',') }
}
