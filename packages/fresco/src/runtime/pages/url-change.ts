// What kind of URL change a client navigation is, decided from the URLs alone (pure, unit-tested):
// Next's onlyAHashChange — same path and search, and a hash on the target — is answered by
// scrolling and hashChange events without loading anything.

/** `as` split at its hash: ['/a?b', '#c']. */
function splitHash(as: string): [string, string] {
  const i = as.indexOf('#')
  return i === -1 ? [as, ''] : [as.slice(0, i), as.slice(i)]
}

/** True when going from `current` to `next` changes only the hash (Next: onlyAHashChange). */
export function onlyHashChange(current: string, next: string): boolean {
  const [currentBase, currentHash] = splitHash(current)
  const [nextBase, nextHash] = splitHash(next)
  if (nextBase !== currentBase) return false
  // Same URL with a hash (clicking the same #link again still scrolls), or the hash changed.
  return nextHash !== '' || currentHash !== nextHash
}
