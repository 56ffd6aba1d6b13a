// An entry's life as a bar: built → stale (revalidate) → expired (expire), with now marked. Times
// run on a log scale from the build time, so a 10 s fresh window stays visible beside a year.
import type { EntryView } from '../../cli/cache-view.js'

export interface Timeline {
  /** Percent of the bar where the entry goes stale (null: never) and where it expires. */
  staleAt: number | null
  expireAt: number
  now: number
  /** 'built 12s ago · stale in 48s · expires in 364d' */
  label: string
}

export function timelineOf(view: EntryView): Timeline {
  const age = view.ageSeconds
  const stale = view.revalidate === false ? null : view.revalidate
  const end = Math.max(view.expire, age) * 1.15 + 1
  const at = (seconds: number) => round((Math.log1p(seconds) / Math.log1p(end)) * 100)
  const parts = [`built ${duration(age)} ago`]
  if (stale !== null)
    parts.push(age < stale ? `stale in ${duration(stale - age)}` : `stale ${duration(age - stale)} ago`)
  parts.push(
    age < view.expire
      ? `expires in ${duration(view.expire - age)}`
      : `expired ${duration(age - view.expire)} ago`,
  )
  return {
    staleAt: stale === null ? null : at(stale),
    expireAt: at(view.expire),
    now: at(age),
    label: parts.join(' · '),
  }
}

const round = (n: number) => Math.round(n * 10) / 10

/** 45s, 12m, 5h, 364d: the largest unit that keeps the number ≥ 1. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 120) return `${s}s`
  if (s < 7200) return `${Math.round(s / 60)}m`
  if (s < 172_800) return `${Math.round(s / 3600)}h`
  return `${Math.round(s / 86_400)}d`
}
