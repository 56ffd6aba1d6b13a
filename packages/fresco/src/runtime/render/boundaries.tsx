'use client'
// Client boundaries the server tree is wrapped in. They only ever catch errors on the client
// (React SSR has no error boundaries): errors thrown before the HTML shell is ready are handled
// by the server (status 404 / redirect / 500), errors streamed later land here.
import { Component, type ComponentType, type ReactNode, useEffect } from 'react'
import { routerActions } from '../client/router-store.js'
import { digestOf, isControlError, NOT_FOUND_DIGEST, redirectOf } from './digest.js'

interface ErrorBoundaryProps {
  errorComponent: ComponentType<{ error: Error & { digest?: string }; reset: () => void }>
  children?: ReactNode
}

/** error.tsx: catches everything below it except notFound()/redirect(), which keep bubbling. */
export class ErrorBoundary extends Component<
  ErrorBoundaryProps,
  { error: Error | null; children?: ReactNode }
> {
  override state = { error: null as Error | null, children: this.props.children }
  static getDerivedStateFromError(error: Error) {
    if (isControlError(error)) throw error
    return { error }
  }
  // A new payload (router.refresh(), a navigation) brings new children: try them (Next resets on navigation).
  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: { children?: ReactNode }) {
    return props.children === state.children ? null : { error: null, children: props.children }
  }
  reset = () => this.setState({ error: null })
  override render() {
    const Fallback = this.props.errorComponent
    if (this.state.error) return <Fallback error={this.state.error} reset={this.reset} />
    return this.props.children
  }
}

/**
 * No error.tsx above the error: Next.js's default global error, in place of the whole document
 * (the root layout is gone too). The message is never shown; a server error's digest is.
 */
export function DefaultGlobalError({ error }: { error: Error & { digest?: string } }) {
  const digest = error.digest
  const host = typeof window === 'undefined' ? '' : window.location.hostname
  return (
    <html lang="en">
      <head>
        <title>Application error</title>
      </head>
      <body style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', marginTop: '20vh' }}>
        <h2 style={{ fontSize: 14, fontWeight: 400 }}>
          Application error: a {digest ? 'server' : 'client'}-side exception has occurred while loading {host}{' '}
          (see the {digest ? 'server logs' : 'browser console'} for more information).
        </h2>
        {digest ? <p style={{ fontSize: 14 }}>Digest: {digest}</p> : null}
      </body>
    </html>
  )
}

/**
 * What a boundary sent without its tree shows (a cached render, see tree.tsx `notFoundUi`): only a
 * client component's own notFound() after hydration can get here; the server never sends one.
 */
function UnsentNotFound() {
  return (
    <>
      <meta name="robots" content="noindex" />
      <main style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', marginTop: '20vh' }}>
        <h1>404</h1>
        <p>This page could not be found.</p>
      </main>
    </>
  )
}

/**
 * not-found.tsx: renders the nearest not-found UI when notFound() is thrown after the shell.
 * `notFound` is undefined in cached renders: the server renders those again without the page when
 * it throws notFound() (render-page.ts), so their boundaries never show it from a server error.
 */
export class NotFoundBoundary extends Component<
  { notFound?: ReactNode; children?: ReactNode },
  { hit: boolean }
> {
  override state = { hit: false }
  static getDerivedStateFromError(error: Error) {
    if (digestOf(error) !== NOT_FOUND_DIGEST) throw error
    return { hit: true }
  }
  override render() {
    if (!this.state.hit) return this.props.children
    return this.props.notFound === undefined ? <UnsentNotFound /> : this.props.notFound
  }
}

function Redirect({ url }: { url: string }) {
  // Through the client router when it is there (a redirect during a client navigation).
  useEffect(() => {
    const router = routerActions()
    if (router) void router.navigate(url, { replace: true })
    else window.location.replace(url)
  }, [url])
  return null
}

/** redirect() thrown after the shell was sent: the status line is gone, so navigate client-side. */
export class RedirectBoundary extends Component<
  { children?: ReactNode },
  { url: string | null; children?: ReactNode }
> {
  override state = { url: null as string | null, children: this.props.children }
  static getDerivedStateFromError(error: Error) {
    const redirect = redirectOf(error)
    if (!redirect) throw error
    return { url: redirect.url }
  }
  // A new page (the redirect's target, rendered by the client router) clears the redirect.
  static getDerivedStateFromProps(
    props: { children?: ReactNode },
    state: { url: string | null; children?: ReactNode },
  ) {
    return props.children === state.children ? null : { url: null, children: props.children }
  }
  override render() {
    return this.state.url ? <Redirect url={this.state.url} /> : this.props.children
  }
}
