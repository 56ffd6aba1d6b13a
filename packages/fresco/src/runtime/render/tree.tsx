// Compose the App Router tree for one URL: root layout → nested layouts → page, each segment
// wrapped (outside in) as template → error boundary → loading Suspense → not-found boundary,
// the order Next.js uses, so an error.tsx never catches its own layout's errors.
import { type ComponentType, type ReactNode, Suspense } from 'react'
import { LayoutSegments, type LayoutSlots } from '../client/layout-segments.js'
import { PrefetchHole, SegmentBoundary } from '../client/segment-boundary.js'
import { SlotOutlet } from '../client/slot-outlet.js'
import { DefaultGlobalError, ErrorBoundary, NotFoundBoundary, RedirectBoundary } from './boundaries.js'
import { MetadataTags } from './metadata.js'
import { notFound } from './navigation-errors.js'
import { type AnyModule, componentOf, isClientReference, type LoadedSegment } from './route-modules.js'
import { unmarkedSearchParams } from './search-params.js'
import { type Intercept, matchSlot, pathBelow, type SlotOnly } from './slot-match.js'

export type Params = Record<string, string | string[]>

export interface TreeInput {
  segments: LoadedSegment[]
  /** page.tsx, or undefined to render the nearest not-found UI in its place. */
  page: AnyModule | undefined
  params: Params
  /** A promise whose `then` marks the render dynamic (see search-params.ts). */
  searchParams: Promise<Record<string, string | string[]>>
  rootNotFound: AnyModule | undefined
  /** Prefetch of a dynamic route: stop at the first loading.tsx (its fallback shows at once on click). */
  partial?: boolean
  /**
   * Whether each not-found boundary carries its UI. A streamed render needs it (notFound() may be
   * thrown after the shell is sent); a buffered one, for the cache, does not (render-page.ts renders
   * the not-found UI in the page's place instead), so its payload leaves it out. Default true.
   */
  notFoundUi?: boolean
  /** A client navigation intercepted by a slot's `(.)` route (intercept.ts): segments end at its layout. */
  intercept?: Intercept
  /**
   * A URL only a slot has a page for: segments end at the slot's layout, whose `children` shows its
   * default.tsx (unmatched: a client navigation keeps what it shows, as in Next.js), and `page` is
   * the slot's page (for the metadata; the slot renders it).
   */
  slotOnly?: SlotOnly
}

export function DefaultNotFound(): ReactNode {
  return (
    <>
      <title>404: This page could not be found.</title>
      <main style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', marginTop: '20vh' }}>
        <h1>404</h1>
        <p>This page could not be found.</p>
      </main>
    </>
  )
}

function paramsUpTo(segments: LoadedSegment[], i: number, params: Params): Params {
  const names = new Set(segments.slice(0, i + 1).flatMap((s) => (s.param ? [s.param] : [])))
  return Object.fromEntries(Object.entries(params).filter(([k]) => names.has(k)))
}

/** Every not-found UI tells crawlers not to index it, as Next.js does on its 404 responses. */
function withNoIndex(NotFound: ComponentType): ReactNode {
  return (
    <>
      <meta name="robots" content="noindex" />
      <NotFound />
    </>
  )
}

function notFoundElement(input: TreeInput): ReactNode {
  for (let i = input.segments.length - 1; i >= 0; i--) {
    const NotFound = componentOf(input.segments[i]?.notFound)
    if (NotFound) return withNoIndex(NotFound)
  }
  return withNoIndex(componentOf(input.rootNotFound) ?? DefaultNotFound)
}

/** A segment's key in its parent layout: its name, or `param=value` for a dynamic segment. */
function segmentKey(seg: LoadedSegment | undefined, params: Params): string {
  if (!seg) return '__PAGE__'
  if (!seg.param) return seg.name
  const value = params[seg.param]
  return `${seg.param}=${Array.isArray(value) ? value.join('/') : (value ?? '')}`
}

/** What useSelectedLayoutSegments() answers in segment i: the names (or param values) below it. */
function segmentsBelow(segments: LoadedSegment[], i: number, params: Params): string[] {
  return segments.slice(i + 1).map((seg) => {
    if (!seg.param) return seg.name
    const value = params[seg.param]
    return Array.isArray(value) ? value.join('/') : (value ?? '')
  })
}

interface Chain {
  params: Params
  /** Index of the segment cut by a partial prefetch, -1 for none. */
  cut: number
  notFoundUi: boolean | undefined
  /** The root not-found UI, for the outermost chain only. */
  rootNotFound?: AnyModule
  /** Where this chain sits: '' for the page, '/@modal' etc. for a slot (names slot memory). */
  scope: string
  intercept?: Intercept
  slotOnly?: SlotOnly
  input: TreeInput
}

/**
 * A 'use client' page gets its props serialized, and Flight reads every promise prop at once:
 * the lazy thenable would mark every client page dynamic (and, thrown inside Flight, stall the
 * render). It gets the query as a plain promise instead; a cached render's URL has none, so a
 * prerendered client page sees `{}`, as in Next.js's static generation.
 */
function pageSearchParams(Page: unknown, searchParams: TreeInput['searchParams']): TreeInput['searchParams'] {
  return isClientReference(Page) ? unmarkedSearchParams(searchParams) : searchParams
}

export function buildTree(input: TreeInput): ReactNode {
  const { segments, params } = input
  const Page = componentOf(input.page)
  const leaf: ReactNode = input.intercept ? (
    defaultElement(segments[segments.length - 1], params)
  ) : Page && input.slotOnly ? (
    defaultElement(segments[segments.length - 1], params)
  ) : Page ? (
    <Page params={Promise.resolve(params)} searchParams={pageSearchParams(Page, input.searchParams)} />
  ) : (
    notFoundElement(input)
  )
  const node = wrapChain(segments, leaf, {
    params,
    cut: input.partial ? segments.findIndex((s) => s.loading !== undefined) : -1,
    notFoundUi: input.notFoundUi,
    rootNotFound: input.rootNotFound,
    scope: '',
    intercept: input.intercept,
    slotOnly: input.slotOnly,
    input,
  })
  // Outermost: an error no error.tsx caught replaces the document with Next's default error page.
  return (
    <ErrorBoundary errorComponent={DefaultGlobalError}>
      <RedirectBoundary>{node}</RedirectBoundary>
    </ErrorBoundary>
  )
}

function UnmatchedSlot(): ReactNode {
  return notFound()
}

/** A slot's (or children's) default.tsx, or nothing when it has none (the client keeps what it shows). */
function defaultElement(seg: LoadedSegment | undefined, params: Params): ReactNode {
  const Default = componentOf(seg?.default)
  return Default ? <Default params={Promise.resolve(params)} /> : null
}

/** Each segment, leaf first, wrapped in its boundaries and layout (see the file comment). */
function wrapChain(segments: LoadedSegment[], leaf: ReactNode, chain: Chain): ReactNode {
  const { params } = chain
  let node = leaf
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i] as LoadedSegment
    if (i === chain.cut) node = <PrefetchHole />
    const NotFound =
      componentOf(seg.notFound) ??
      (i === 0 && chain.scope === '' ? (componentOf(chain.rootNotFound) ?? DefaultNotFound) : undefined)
    // The boundary stays when its UI is left out, so the tree keeps its shape (no remount on navigation).
    if (NotFound)
      node = (
        <NotFoundBoundary notFound={chain.notFoundUi === false ? undefined : withNoIndex(NotFound)}>
          {node}
        </NotFoundBoundary>
      )
    const Loading = componentOf(seg.loading)
    if (Loading) node = <Suspense fallback={<Loading />}>{node}</Suspense>
    const ErrorComponent = componentOf(seg.error)
    if (ErrorComponent) node = <ErrorBoundary errorComponent={ErrorComponent}>{node}</ErrorBoundary>
    const Template = componentOf(seg.template)
    if (Template) node = <Template>{node}</Template>
    // Keyed by the child segment: a layout keeps its state while only the changed subtree remounts.
    // `children` is unmatched where an intercepted render or a slot-only URL shows its default.
    const intercepted =
      chain.scope === '' &&
      (chain.intercept?.level === i || (chain.slotOnly !== undefined && i === segments.length - 1))
    const key = intercepted ? '__DEFAULT__' : segmentKey(segments[i + 1], params)
    node = <SegmentBoundary key={key}>{node}</SegmentBoundary>
    // After the segments, as Next streams it: the <title> a not-found UI renders (the default one's
    // "404: This page could not be found.") comes first in <head>, so it is the one the browser shows.
    // Outside the root's `children` outlet when it has one: an unmatched outlet keeps the page it
    // shows, and the tags must still be this URL's (a slot-only URL's title, as in Next).
    const meta = i === 0 && chain.scope === '' ? metadataElement(chain.input) : undefined
    const Layout = componentOf(seg.layout)
    const outlet = Layout !== undefined && seg.slots !== undefined
    if (meta && !outlet)
      node = (
        <>
          {node}
          {meta}
        </>
      )
    const below: Record<string, string[]> = { children: segmentsBelow(segments, i, params) }
    let layoutSlots: LayoutSlots | undefined
    if (Layout) {
      const scope = `${chain.scope}/${seg.name}`
      if (seg.slots) layoutSlots = { children: { id: `${scope}/children`, matched: !intercepted } }
      const slots = layoutSlots && slotProps(segments, i, chain, scope, below, layoutSlots)
      if (slots)
        node = (
          <>
            <SlotOutlet id={`${scope}/children`} matched={!intercepted}>
              {node}
            </SlotOutlet>
            {meta}
          </>
        )
      node = (
        <Layout params={Promise.resolve(paramsUpTo(segments, i, params))} {...slots}>
          {node}
        </Layout>
      )
    }
    node = (
      <LayoutSegments below={below} slots={layoutSlots}>
        {node}
      </LayoutSegments>
    )
  }
  return node
}

/**
 * The layout's `@name` props: each slot's page for the URL below the layout, else its default.tsx
 * (the plan made the URL a 404 when a slot has neither). In an intercepted render the intercepting
 * slot shows the intercepting page and every other slot is unmatched, so the client keeps them.
 */
function slotProps(
  segments: LoadedSegment[],
  i: number,
  chain: Chain,
  scope: string,
  below: Record<string, string[]>,
  layoutSlots: LayoutSlots,
): Record<string, ReactNode> {
  const seg = segments[i] as LoadedSegment
  const props: Record<string, ReactNode> = {}
  const intercept = chain.intercept?.level === i && chain.scope === '' ? chain.intercept : undefined
  for (const slot of seg.slots ?? []) {
    const found = intercept
      ? intercept.slot === slot.name
        ? { route: intercept.route, params: intercept.params }
        : null
      : matchSlot(slot, pathBelow(segments, i, chain.params, chain.slotOnly), chain.params)
    const id = `${scope}/@${slot.name}`
    let content: ReactNode
    if (found) {
      const Page = componentOf(found.route.page)
      const page = Page ? (
        <Page
          params={Promise.resolve(found.params)}
          searchParams={pageSearchParams(Page, chain.input.searchParams)}
        />
      ) : null
      const slotChain: Chain = {
        ...chain,
        params: found.params,
        cut: -1,
        scope: id,
        intercept: undefined,
        slotOnly: undefined,
      }
      content = wrapChain(found.route.segments, page, slotChain)
      below[slot.name] = segmentsBelow(found.route.segments, 0, found.params)
    } else {
      // Neither a page nor a default.tsx: a 404 on a full render, as Next's built-in default does.
      content =
        slot.segment.default || intercept ? defaultElement(slot.segment, chain.params) : <UnmatchedSlot />
      below[slot.name] = []
    }
    layoutSlots[slot.name] = { id, matched: found !== null }
    props[slot.name] = (
      <SlotOutlet id={id} matched={found !== null}>
        <SegmentBoundary key={found ? found.route.route.id : '__DEFAULT__'}>{content}</SegmentBoundary>
      </SlotOutlet>
    )
  }
  return props
}

function metadataElement(input: TreeInput): ReactNode {
  const cut = input.partial ? input.segments.findIndex((s) => s.loading !== undefined) : -1
  const last = input.segments.length - 1
  // One layer per layout, and per folder that only has metadata files (icon.png…): Next.js resolves
  // every segment of the tree, with or without a layout.
  const layers: Parameters<typeof MetadataTags>[0]['layers'] = input.segments.flatMap((s, i) =>
    (s.layout || s.metadata) && (cut === -1 || i <= cut)
      ? [
          {
            mod: s.layout,
            files: s.metadata,
            props: { params: Promise.resolve(paramsUpTo(input.segments, i, input.params)) },
            // A slot-only URL's page sits below the last layout (in its slot): its template applies.
            leaf: i === last && !input.slotOnly,
          },
        ]
      : [],
  )
  // An intercepted render has no page: the title stays the layouts' (as in Next.js, the modal's
  // generateMetadata is not applied over the page under it).
  if (input.page && cut === -1) {
    // The page's folder's files apply again after the page's own `metadata` (Next's __PAGE__ node).
    layers.push({
      mod: input.page,
      // A slot-only URL's page is the slot's: the layout's folder files are not its own.
      files: input.slotOnly ? undefined : input.segments[last]?.metadata,
      props: { params: Promise.resolve(input.params), searchParams: input.searchParams },
      leaf: true,
    })
  }
  return <MetadataTags layers={layers} />
}
