// One IntersectionObserver for every <Link>: a link entering the viewport (with a margin, so the
// payload is there before the user scrolls to it) is prefetched. Re-entries ask again; the router
// answers from its cache until the entry is stale.

type Callback = () => void

let observer: IntersectionObserver | undefined
const callbacks = new Map<Element, Callback>()

function shared(): IntersectionObserver | undefined {
  if (observer || typeof IntersectionObserver === 'undefined') return observer
  observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) if (entry.isIntersecting) callbacks.get(entry.target)?.()
    },
    { rootMargin: '200px' },
  )
  return observer
}

/** Calls `onVisible` each time `el` enters the viewport; returns the unsubscribe function. */
export function observeVisible(el: Element, onVisible: Callback): () => void {
  const io = shared()
  if (!io) return () => {}
  callbacks.set(el, onVisible)
  io.observe(el)
  return () => {
    callbacks.delete(el)
    io.unobserve(el)
  }
}
