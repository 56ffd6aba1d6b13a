// @fresco/framework/dynamic (next/dynamic): a component whose code loads on demand. It is React.lazy inside a
// Suspense boundary whose fallback is `loading`: server-rendered by default (the HTML has the
// component once it loaded, streamed), or with `ssr: false` only in the browser (the HTML has the
// loading UI). Not 'use client': a Server Component may call dynamic() too (without `ssr: false`).
import * as React from 'react'
import { type ComponentType, createElement, lazy, type ReactNode, Suspense } from 'react'
import { dynamicSsrFalseOnServerError } from '../errors.js'
import { ClientOnly } from '../runtime/client/client-only.js'

/** What Next passes to `loading` (there is no delay or error state here: errors go to error.tsx). */
export interface DynamicLoadingProps {
  error: Error | null
  isLoading: boolean
  pastDelay: boolean
}

export interface DynamicOptions {
  loading?: (props: DynamicLoadingProps) => ReactNode
  /** false: render only in the browser (client components only). Default true. */
  ssr?: boolean
}

// biome-ignore lint/suspicious/noExplicitAny: a component of any props, as next/dynamic accepts
type AnyProps = any
export type Loader<P = AnyProps> = () => Promise<ComponentType<P> | { default: ComponentType<P> }>

/** `import('./x')` gives a module with `default`; `import('./x').then((m) => m.Named)` the component itself. */
export function componentOf<P>(loaded: ComponentType<P> | { default: ComponentType<P> }): ComponentType<P> {
  return typeof loaded === 'object' && loaded !== null && 'default' in loaded ? loaded.default : loaded
}

/** react-server (the RSC environment) has no effects: there `ssr: false` can never take effect. */
const inServerComponents = () => typeof (React as Record<string, unknown>).useEffect !== 'function'

export default function dynamic<P = AnyProps>(
  loader: Loader<P>,
  options: DynamicOptions = {},
): ComponentType<P> {
  if (options.ssr === false && inServerComponents()) throw dynamicSsrFalseOnServerError()
  const Lazy = lazy(async () => ({ default: componentOf(await loader()) }))
  const Loading = options.loading
  const fallback = Loading ? createElement(Loading, { error: null, isLoading: true, pastDelay: true }) : null
  const Dynamic = (props: P) => {
    const suspended = createElement(
      Suspense,
      { fallback },
      createElement(Lazy as ComponentType<AnyProps>, props),
    )
    return options.ssr === false ? createElement(ClientOnly, { fallback }, suspended) : suspended
  }
  return Dynamic as ComponentType<P>
}
