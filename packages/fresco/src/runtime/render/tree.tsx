// Compose the App Router tree for one URL: root layout → nested layouts → page, each segment
// wrapped (outside in) as template → error boundary → loading Suspense → not-found boundary,
// the order Next.js uses, so an error.tsx never catches its own layout's errors.
import { type ComponentType, type ReactNode, Suspense } from 'react'
import { LayoutSegments } from '../client/layout-segments.js'
import { PrefetchHole, SegmentBoundary } from '../client/segment-boundary.js'
import { DefaultGlobalError, ErrorBoundary, NotFoundBoundary, RedirectBoundary } from './boundaries.js'
import { MetadataTags } from './metadata.js'
import { type AnyModule, componentOf, isClientReference, type LoadedSegment } from './route-modules.js'
import { unmarkedSearchParams } from './search-params.js'

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
  const cut = input.partial ? segments.findIndex((s) => s.loading !== undefined) : -1
  const Page = componentOf(input.page)
  let node: ReactNode = Page ? (
    <Page params={Promise.resolve(params)} searchParams={pageSearchParams(Page, input.searchParams)} />
  ) : (
    notFoundElement(input)
  )

  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i] as LoadedSegment
    if (i === cut) node = <PrefetchHole />
    const NotFound =
      componentOf(seg.notFound) ??
      (i === 0 ? (componentOf(input.rootNotFound) ?? DefaultNotFound) : undefined)
    // The boundary stays when its UI is left out, so the tree keeps its shape (no remount on navigation).
    if (NotFound)
      node = (
        <NotFoundBoundary notFound={input.notFoundUi === false ? undefined : withNoIndex(NotFound)}>
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
    node = <SegmentBoundary key={segmentKey(segments[i + 1], params)}>{node}</SegmentBoundary>
    if (i === 0)
      node = (
        <>
          {metadataElement(input)}
          {node}
        </>
      )
    const Layout = componentOf(seg.layout)
    if (Layout) node = <Layout params={Promise.resolve(paramsUpTo(segments, i, params))}>{node}</Layout>
    node = <LayoutSegments below={segmentsBelow(segments, i, params)}>{node}</LayoutSegments>
  }
  // Outermost: an error no error.tsx caught replaces the document with Next's default error page.
  return (
    <ErrorBoundary errorComponent={DefaultGlobalError}>
      <RedirectBoundary>{node}</RedirectBoundary>
    </ErrorBoundary>
  )
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
            leaf: i === last,
          },
        ]
      : [],
  )
  if (input.page && cut === -1) {
    // The page's folder's files apply again after the page's own `metadata` (Next's __PAGE__ node).
    layers.push({
      mod: input.page,
      files: input.segments[last]?.metadata,
      props: { params: Promise.resolve(input.params), searchParams: input.searchParams },
      leaf: true,
    })
  }
  return <MetadataTags layers={layers} />
}
