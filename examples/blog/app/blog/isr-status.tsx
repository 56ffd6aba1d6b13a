'use client'
// What ISR is doing with the page being read: when this copy was rendered (and how long that took),
// its age, and what the next request gets — the cached copy while fresh (HIT), then, past
// `revalidate`, this copy once more (STALE) while a new one renders in the background.
import { useEffect, useState } from 'react'

interface Props {
  /** Date.now() of the render that made this copy (the server's clock). */
  renderedAt: number
  /** Milliseconds the render spent on its data. */
  tookMs: number
  revalidate: number
}

export function IsrStatus({ renderedAt, tookMs, revalidate }: Props) {
  // Unknown until hydrated, so the server HTML and the first client render agree.
  const [now, setNow] = useState<number | null>(null)
  useEffect(() => {
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  const age = now === null ? null : Math.max(0, Math.round((now - renderedAt) / 1000))
  let next = ''
  if (age !== null)
    next =
      age < revalidate
        ? ` Fresh for ${revalidate - age} s more: reloads are served from the cache (HIT).`
        : ' Stale: the next request gets this copy once more (STALE) and regenerates it in the background.'
  return (
    <aside id="isr-status">
      <small>
        Rendered at {new Date(renderedAt).toISOString().slice(11, 19)} UTC in {tookMs} ms
        {age === null ? '' : `, ${age} s ago`}; revalidated every {revalidate} s.{next}
      </small>
    </aside>
  )
}
