// One page render, two shapes: buffered into a CacheEntry (prerender, ISR regeneration) or
// streamed as a Response (dynamic pages, draft mode, actions). Both run inside a request store,
// so the data layer can record revalidate, tags and dynamic usage for this render only.
import type { CacheEntry, Clock, Logger } from '@fresco/cache'
import { renderToReadableStream } from '@vitejs/plugin-rsc/rsc/server'
import type { ReactFormState } from 'react-dom/client'
import type { SegmentConfig } from '../data/request-store.js'
import {
  createRequestStore,
  type RenderPhase,
  type RequestStore,
  runWithRequestStore,
} from '../data/request-store.js'
import { storedRevalidate } from '../data/stored-lifetime.js'
import { DYNAMIC_CACHE_CONTROL } from '../server/cache-headers.js'
import { digestOf, NOT_FOUND_DIGEST, redirectOf } from './digest.js'
import { logRenderError } from './log-render-error.js'
import { createOutcome, type RenderOutcome, recordError } from './outcome.js'
import {
  HTML_CONTENT_TYPE,
  type Params,
  ROOT_NOT_FOUND_PATH,
  RSC_CONTENT_TYPE,
  type RscPayload,
} from './payload.js'
import type { AnyModule, LoadedSegment } from './route-modules.js'
import { searchParamsPromise } from './search-params.js'
import type { Intercept, SlotOnly } from './slot-match.js'
import { loadSsr } from './ssr-bridge.js'
import { readAll } from './streams.js'
import { buildTree } from './tree.js'

export interface RenderEnv {
  clock: Clock
  logger: Logger
  rootNotFound: AnyModule | undefined
  /** Sent in every payload so the client router can detect a deploy (version skew). */
  buildId?: string
}

export interface PageInput {
  routeId: string
  url: URL
  params: Params
  headers: Headers
  segments: LoadedSegment[]
  /** undefined: render the not-found UI (unknown URL, or notFound() before the shell). */
  page: AnyModule | undefined
  /** A URL only a slot has a page for: `page` is that slot's page, `children` shows default.tsx. */
  slotOnly?: SlotOnly
  config: SegmentConfig
  implicitTags: string[]
  phase: RenderPhase
  formState?: ReactFormState
  returnValue?: RscPayload['returnValue']
  temporaryReferences?: unknown
  /** The request's cookies as a Server Action left them (default: the Cookie header's). */
  cookies?: Map<string, string>
  /**
   * Tags the Server Action before this render revalidated: data carrying a tag it only marked stale
   * (revalidateTag(tag, profile)) is refreshed for this render, so the action's response reads its
   * own revalidation, as in Next.js.
   */
  revalidatedTags?: string[]
  /** Use this store (an action already ran in it) instead of creating one. */
  store?: RequestStore
  /** A prefetch of a dynamic route: render down to the first loading.tsx only (see tree.tsx). */
  partial?: boolean
  /** A client navigation an intercepting route in a slot answers (server/intercept.ts). */
  intercept?: Intercept
  /**
   * The payload answers an intercepted navigation (in a slot or in `children`): the client keeps
   * deciding interception from the page under it.
   */
  intercepted?: boolean
}

function storeFor(input: PageInput): RequestStore {
  return (
    input.store ??
    createRequestStore({
      url: input.url,
      routeId: input.routeId,
      phase: input.phase,
      config: input.config,
      headers: input.headers,
      implicitTags: input.implicitTags,
      cookies: input.cookies && new Map(input.cookies),
      revalidatedTags: [...(input.revalidatedTags ?? [])],
    })
  )
}

function renderRsc(
  env: RenderEnv,
  input: PageInput,
  outcome: RenderOutcome,
  shape: 'buffered' | 'streamed' = 'streamed',
): ReadableStream<Uint8Array> {
  const tree = buildTree({
    notFoundUi: shape === 'streamed',
    segments: input.segments,
    page: input.page,
    params: input.params,
    searchParams: searchParamsPromise(input.url.searchParams),
    rootNotFound: env.rootNotFound,
    partial: input.partial,
    intercept: input.intercept,
    slotOnly: input.slotOnly,
  })
  const payload: RscPayload = {
    tree,
    pathname: input.url.pathname,
    params: input.params,
    search: input.url.search,
    buildId: env.buildId,
    formState: input.formState,
    returnValue: input.returnValue,
  }
  if (input.intercepted) payload.intercepted = true
  return renderToReadableStream<RscPayload>(payload, {
    temporaryReferences: input.temporaryReferences,
    onError(error: unknown) {
      const digest = recordError(outcome, error)
      if (digest?.startsWith('FRESCO_ERROR')) logRenderError(env.logger, input.url.pathname, error)
      return digest
    },
  })
}

function redirectPayload(
  input: PageInput,
  redirect: { url: string; status: number },
  returnValue?: RscPayload['returnValue'],
) {
  const payload: RscPayload = {
    pathname: input.url.pathname,
    params: input.params,
    search: input.url.search,
    redirect,
    returnValue,
  }
  return renderToReadableStream<RscPayload>(payload)
}

/** A Server Action called from JS redirected: the client navigates instead of rendering. */
export function redirectPayloadResponse(
  input: PageInput,
  url: string,
  init: { headers?: Record<string, string>; cookies?: string[] },
): Response {
  const stream = redirectPayload(input, { url, status: 303 }, { ok: true, data: undefined })
  const headers = new Headers({
    'content-type': RSC_CONTENT_TYPE,
    'cache-control': DYNAMIC_CACHE_CONTROL,
    ...init.headers,
  })
  for (const cookie of init.cookies ?? []) headers.append('set-cookie', cookie)
  return new Response(stream, { headers })
}

/** notFound() in the page: the nearest not-found UI renders in its place. */
const withoutPage = (input: PageInput): PageInput => ({ ...input, page: undefined })

/**
 * notFound() again with the page gone: a layout threw it. Each segment's not-found boundary sits
 * inside its layout (tree.tsx), so the boundary above that layout catches it, as in Next.js: drop
 * the deepest segment and render again.
 */
const closerToRoot = (input: PageInput): PageInput => ({ ...input, segments: input.segments.slice(0, -1) })

/** Buffered render for the route cache. Throws DynamicUsageError if the page turned out dynamic. */
export function renderPageEntry(renderEnv: RenderEnv, input: PageInput): Promise<CacheEntry> {
  // Errors are thrown to the caller (the build, or the response cache that logs and keeps the last
  // good entry), so they are not logged here as well.
  const env: RenderEnv = { ...renderEnv, logger: { ...renderEnv.logger, error: () => {} } }
  const store = storeFor(input)
  return runWithRequestStore(store, async (): Promise<CacheEntry> => {
    let outcome = createOutcome()
    let status = input.page ? 200 : 404
    let rsc = await readAll(renderRsc(env, input, outcome, 'buffered'))
    if (outcome.dynamic) throw outcome.dynamic
    if (outcome.redirect) {
      const payload = await readAll(redirectPayload(input, outcome.redirect))
      return {
        kind: 'page',
        body: new Uint8Array(0),
        payload,
        status: outcome.redirect.status,
        headers: { location: outcome.redirect.url },
        tags: [...input.implicitTags, ...store.tags],
        lastModified: env.clock.now(),
        revalidate: store.revalidate,
      }
    }
    if (outcome.notFound && input.page) {
      status = 404
      let notFoundInput = withoutPage(input)
      for (;;) {
        outcome = createOutcome()
        rsc = await readAll(renderRsc(env, notFoundInput, outcome, 'buffered'))
        if (!outcome.notFound || notFoundInput.segments.length === 0) break
        notFoundInput = closerToRoot(notFoundInput)
      }
    }
    if (outcome.dynamic) throw outcome.dynamic
    if (outcome.errors.length > 0) throw outcome.errors[0]
    const ssr = await loadSsr()
    const html = await ssr.renderDocument(rsc)
    return {
      kind: 'page',
      body: html,
      payload: rsc,
      status,
      headers: { 'content-type': HTML_CONTENT_TYPE },
      tags: [...new Set([...input.implicitTags, ...store.tags])],
      lastModified: env.clock.now(),
      revalidate: storedRevalidate({
        status,
        setsCookies: store.setCookies.length > 0,
        phase: input.phase,
        revalidate: store.revalidate,
        rootNotFound: input.routeId === ROOT_NOT_FOUND_PATH,
      }),
    }
  })
}

function dynamicHeaders(
  store: RequestStore,
  contentType: string,
  extra?: Record<string, string>,
  cookies: string[] = [],
): Headers {
  const headers = new Headers({
    'content-type': contentType,
    'cache-control': DYNAMIC_CACHE_CONTROL,
    ...extra,
  })
  for (const cookie of [...cookies, ...store.setCookies]) headers.append('set-cookie', cookie)
  return headers
}

/** Streamed render for dynamic pages: status and headers are decided when the shell is ready. */
export function renderPageResponse(
  env: RenderEnv,
  input: PageInput,
  which: 'html' | 'rsc',
  init: { status?: number; headers?: Record<string, string>; cookies?: string[] } = {},
): Promise<Response> {
  const store = storeFor(input)
  return runWithRequestStore(store, async () => {
    const outcome = createOutcome()
    const status = init.status ?? (input.page || input.intercept ? 200 : 404)
    const rsc = renderRsc(env, input, outcome)
    if (which === 'rsc')
      return new Response(rsc, {
        status,
        headers: dynamicHeaders(store, RSC_CONTENT_TYPE, init.headers, init.cookies),
      })
    const ssr = await loadSsr()
    try {
      const html = await ssr.renderHtml(rsc, { formState: input.formState })
      return new Response(html, {
        status,
        headers: dynamicHeaders(store, HTML_CONTENT_TYPE, init.headers, init.cookies),
      })
    } catch (error) {
      const digest = digestOf(error)
      if (digest === NOT_FOUND_DIGEST && (input.page || input.segments.length > 0)) {
        const next = input.page ? withoutPage(input) : closerToRoot(input)
        return renderPageResponse(env, { ...next, store }, 'html', { ...init, status: 404 })
      }
      const redirect = redirectOf(error) ?? outcome.redirect
      if (redirect) {
        return new Response(null, {
          status: redirect.status,
          headers: dynamicHeaders(store, HTML_CONTENT_TYPE, { location: redirect.url }, init.cookies),
        })
      }
      // The shell failed: send a client-rendered document so error.tsx can take over in the browser.
      if (outcome.errors.length === 0) logRenderError(env.logger, input.url.pathname, error)
      // Same render again for the browser to replay; its errors were just logged.
      const quiet: RenderEnv = { ...env, logger: { ...env.logger, error: () => {} } }
      const retry = renderRsc(quiet, input, createOutcome())
      return new Response(await ssr.renderClientOnly(retry), {
        status: 500,
        headers: dynamicHeaders(store, HTML_CONTENT_TYPE),
      })
    }
  })
}
