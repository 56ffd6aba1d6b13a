'use client'
// Renders `fallback` on the server and while hydrating, `children` from the first client render on:
// what next/dynamic's `ssr: false` needs, without a hydration mismatch.
import { type ReactNode, useSyncExternalStore } from 'react'

const subscribe = () => () => {}

export function ClientOnly({ children, fallback }: { children?: ReactNode; fallback: ReactNode }) {
  const client = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  )
  return client ? children : fallback
}
