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
import {
  actionBodyMalformedError,
  actionBodyTooLargeError,
  actionNotFoundError,
  actionOriginError,
  isFrescoError,
} from '../../errors.js'
import { createRequestStore, type RequestStore, runWithRequestStore } from '../data/request-store.js'
import { isNotFoundError, isRedirectError } from '../render/navigation-errors.js'
import { ACTION_HEADER, REVALIDATED_HEADER } from '../render/payload.js'
import type { LoadedRoute } from '../render/route-modules.js'
import { readAtMost } from '../render/streams.js'

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
  /** notFound() in the action: the page's not-found UI, status 404 (with or without JS). */
  | { kind: 'not-found'; store: RequestStore }

export function isActionRequest(method: string, header: (name: string) => string | undefined): boolean {
  if (method !== 'POST') return false
  if (header(ACTION_HEADER) !== undefined) return true
  const type = header('content-type') ?? ''
  return type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')
}

/**
 * CSRF: browsers always send Origin on cross-site POSTs; it must name this host. The host is the
 * request URL's: `Host`, or X-Forwarded-Host only when `trustProxy` is on (node/forwarded.ts) —
 * a client cannot vouch for itself with a header of its own.
 */
function originAllowed(
  request: Request,
  allowed: string[],
): { ok: true } | { ok: false; origin: string; host: string } {
  const origin = request.headers.get('origin')
  if (!origin || origin === 'null') return origin === 'null' ? { ok: false, origin, host: '' } : { ok: true }
  const host = new URL(request.url).host
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

/**
 * The body, counted as it arrives and abandoned at the action limit: a 9 MB post to a 1 MB action
 * never holds more than 1 MB (the server's general limit is larger, for route handlers).
 */
async function limitedBody(request: Request, limit: number): Promise<Request> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > limit) throw actionBodyTooLargeError(limit)
  // Cancelling the rest lets the node layer discard it or close the connection (unread-body.ts).
  const body = request.body ? await readAtMost(request.body, limit) : new Uint8Array(0)
  if (body === undefined) throw actionBodyTooLargeError(limit)
  return new Request(request.url, { method: 'POST', headers: request.headers, body })
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
    try {
      return actionId ? await runFromJs(request, actionId, store) : await runFromForm(request, store)
    } catch (error) {
      if (error instanceof Rejected) return { kind: 'rejected', response: error.response }
      throw error
    }
  })
}

/** A request the action never ran for: answered as is (4xx), never as a 500. */
class Rejected {
  constructor(readonly response: Response) {}
}

const notFound = (id: string) => new Rejected(text(404, actionNotFoundError(id).message))
const malformed = (cause: unknown) => new Rejected(text(400, actionBodyMalformedError(cause).message))

/** The action this build knows by `id` (another build's ids, or made-up ones, are not found). */
async function findAction(id: string): Promise<(...a: unknown[]) => Promise<unknown>> {
  const action = await loadServerAction(id).catch(() => undefined)
  if (typeof action !== 'function') throw notFound(id)
  return action as (...a: unknown[]) => Promise<unknown>
}

async function runFromJs(request: Request, actionId: string, store: RequestStore): Promise<ActionOutcome> {
  const action = await findAction(actionId)
  const temporaryReferences = createTemporaryReferenceSet()
  let args: unknown[]
  try {
    const type = request.headers.get('content-type') ?? ''
    const body = type.startsWith('multipart/form-data') ? await request.formData() : await request.text()
    args = (await decodeReply(body, { temporaryReferences })) as unknown[]
    if (!Array.isArray(args)) throw new TypeError('the arguments are not a list')
  } catch (error) {
    throw malformed(error)
  }
  let returnValue: { ok: boolean; data: unknown }
  try {
    returnValue = { ok: true, data: await action(...args) }
  } catch (error) {
    const redirect = isRedirectError(error)
    if (redirect) return settle(store, { kind: 'redirect', url: redirect.url, store })
    if (isNotFoundError(error)) return settle(store, { kind: 'not-found', store })
    // A rejected promise, not the error as a value: React reports it through onError, so the
    // client gets what Next.js sends — the message hidden in production, a digest to find the log.
    const rejected = Promise.reject(error)
    rejected.catch(() => {})
    returnValue = { ok: false, data: rejected }
  }
  return settle(store, { kind: 'js', store, returnValue, temporaryReferences })
}

async function runFromForm(request: Request, store: RequestStore): Promise<ActionOutcome> {
  let form: FormData
  try {
    form = await request.formData()
  } catch (error) {
    throw malformed(error)
  }
  let action: unknown
  try {
    action = await decodeAction(form)
  } catch {
    const field = [...form.keys()].find((k) => k.startsWith('$ACTION_')) ?? '(none)'
    throw notFound(field.replace(/^\$ACTION_ID_/, ''))
  }
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
    if (isNotFoundError(error)) return settle(store, { kind: 'not-found', store })
    throw error
  }
}

/** The re-render must see the action's revalidations: wait for the tag writes it started. */
async function settle(store: RequestStore, outcome: ActionOutcome): Promise<ActionOutcome> {
  await Promise.all(store.pending)
  return outcome
}

/** Tags and paths invalidated by the action, for the client's payload cache. */
export function revalidatedHeader(store: RequestStore): Record<string, string> {
  // Cookies change what every page may render for this visitor: the client drops all ('*').
  if (store.setCookies.length > 0) return { [REVALIDATED_HEADER]: '*' }
  if (store.revalidatedTags.length === 0) return {}
  return { [REVALIDATED_HEADER]: store.revalidatedTags.map(encodeURIComponent).join(',') }
}
