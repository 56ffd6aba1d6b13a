'use client'
// <Link>: an <a> with Next's props. Navigation is a full document load for now (client-side
// navigation and prefetching arrive with the client router); `replace` already replaces the
// history entry, and `prefetch` / `scroll` are accepted so Next code type-checks and runs.
import type { AnchorHTMLAttributes, MouseEvent, ReactNode, Ref } from 'react'

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
  const query = href.query
    ? new URLSearchParams(Object.entries(href.query).map(([k, v]) => [k, String(v)])).toString()
    : ''
  const hash = href.hash ? (href.hash.startsWith('#') ? href.hash : `#${href.hash}`) : ''
  return `${href.pathname ?? ''}${query ? `?${query}` : ''}${hash}`
}

function isPlainLeftClick(e: MouseEvent<HTMLAnchorElement>): boolean {
  const target = e.currentTarget.getAttribute('target')
  return (
    e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey && (!target || target === '_self')
  )
}

export default function Link({
  href,
  replace,
  scroll: _scroll,
  prefetch: _prefetch,
  onClick,
  ...rest
}: LinkProps) {
  const url = formatUrl(href)
  const handleClick = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e)
    if (!replace || e.defaultPrevented || !isPlainLeftClick(e)) return
    e.preventDefault()
    window.location.replace(url)
  }
  return <a {...rest} href={url} onClick={handleClick} />
}
