'use client'
// <Link>: an <a> (so it works without JavaScript) that navigates client-side once the router is
// there. `prefetch`: null/undefined → 'auto' on viewport entry and hover (a static route fully, a
// dynamic one down to its loading.tsx), true → the full route, false → nothing before the click.
import {
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  type Ref,
  useCallback,
  useEffect,
  useRef,
} from 'react'
import { addBasePath } from '../runtime/base-path.js'
import { routerActions } from '../runtime/client/router-store.js'
import { canonicalHref } from '../runtime/client/trailing-slash-href.js'
import { observeVisible } from '../runtime/client/viewport.js'
import { resolveHref } from '../runtime/pages/router-context.js'

type Url = string | { pathname?: string; query?: Record<string, string | number | boolean>; hash?: string }

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  href: Url
  replace?: boolean
  scroll?: boolean
  prefetch?: boolean | null
  ref?: Ref<HTMLAnchorElement>
  children?: ReactNode
}

export function formatUrl(href: Url): string {
  if (typeof href === 'string') return href
  // `{ pathname: '/blog/[id]', query: { id: 1 } }` (Pages Router style) → `/blog/1`.
  if (href.pathname?.includes('['))
    return resolveHref({
      pathname: href.pathname,
      query: Object.fromEntries(Object.entries(href.query ?? {}).map(([k, v]) => [k, String(v)])),
      hash: href.hash ?? null,
    })
  const query = href.query
    ? new URLSearchParams(Object.entries(href.query).map(([k, v]) => [k, String(v)])).toString()
    : ''
  const hash = href.hash ? (href.hash.startsWith('#') ? href.hash : `#${href.hash}`) : ''
  return `${href.pathname ?? ''}${query ? `?${query}` : ''}${hash}`
}

/** A click the browser should handle itself: new tab/window, download, another target. */
function isPlainLeftClick(e: MouseEvent<HTMLAnchorElement>): boolean {
  const a = e.currentTarget
  const target = a.getAttribute('target')
  return (
    e.button === 0 &&
    !e.metaKey &&
    !e.ctrlKey &&
    !e.shiftKey &&
    !e.altKey &&
    (!target || target === '_self') &&
    !a.hasAttribute('download')
  )
}

function setRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value)
  else if (ref) ref.current = value
}

export default function Link({
  href,
  replace,
  scroll,
  prefetch,
  onClick,
  onMouseEnter,
  onTouchStart,
  ref,
  ...rest
}: LinkProps) {
  const url = addBasePath(canonicalHref(formatUrl(href)))
  const mode = prefetch === false ? null : prefetch === true ? 'full' : 'auto'
  const anchor = useRef<HTMLAnchorElement | null>(null)
  const mergedRef = useCallback(
    (el: HTMLAnchorElement | null) => {
      anchor.current = el
      setRef(ref, el)
    },
    [ref],
  )

  useEffect(() => {
    const el = anchor.current
    if (!mode || !el) return
    return observeVisible(el, () => routerActions()?.prefetch(url, mode))
  }, [url, mode])

  const handleClick = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e)
    const actions = routerActions()
    if (e.defaultPrevented || !actions || !isPlainLeftClick(e)) return
    const target = new URL(e.currentTarget.href, window.location.href)
    if (target.origin !== window.location.origin) return
    e.preventDefault()
    void actions.navigate(target.href, { replace, scroll })
  }
  // Hover: prefetch again if what the viewport fetched has gone stale (the router dedupes).
  const hover = () => {
    if (mode) routerActions()?.prefetch(url, mode)
  }

  return (
    <a
      {...rest}
      ref={mergedRef}
      href={url}
      onClick={handleClick}
      onMouseEnter={(e) => {
        onMouseEnter?.(e)
        hover()
      }}
      onTouchStart={(e) => {
        onTouchStart?.(e)
        hover()
      }}
    />
  )
}
