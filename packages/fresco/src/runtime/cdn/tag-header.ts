// The cache-tag header a CDN purges by (Cloudflare `Cache-Tag`, Fastly `Surrogate-Key`): the
// entry's own tags, user tags and implicit path tags alike, so `revalidatePath('/blog/1')` purges
// by the tag `_N_T_/blog/1` that every page carries. Built once per entry (entry-response.ts memo).

/** Cloudflare and Fastly both stop at 16 KB of tags per response; keep under it. */
export const MAX_TAG_HEADER_BYTES = 16_000

/**
 * One tag as one header token: separators (comma, space), controls, `%` and non-ASCII are
 * percent-encoded, the rest kept (`_N_T_/blog/[id]/page` stays readable). Purges encode the same way.
 */
export function encodeTag(tag: string): string {
  return tag.replace(/[^\x21-\x7e]|[,%"\\]/g, (c) => encodeURIComponent(c))
}

/** Fastly's Surrogate-Key is space-separated; Cloudflare's Cache-Tag and others comma-separated. */
export function tagSeparator(header: string): string {
  return header.toLowerCase() === 'surrogate-key' ? ' ' : ','
}

/**
 * The header value for `tags`, or undefined for none. Tags past the size bound are left out (and
 * reported through `onOverflow`): those pages are still purged by their path tag, which comes first.
 */
export function tagHeaderValue(
  header: string,
  tags: readonly string[],
  onOverflow?: (dropped: number) => void,
): string | undefined {
  if (tags.length === 0) return undefined
  const sep = tagSeparator(header)
  // Implicit tags (`_N_T_…`) first, so a long list of user tags never pushes the path tag out.
  const ordered = [...tags].sort((a, b) => Number(!a.startsWith('_N_T_')) - Number(!b.startsWith('_N_T_')))
  let value = ''
  let dropped = 0
  for (const tag of ordered) {
    const token = encodeTag(tag)
    const next = value === '' ? token : value + sep + token
    if (next.length > MAX_TAG_HEADER_BYTES) dropped++
    else value = next
  }
  if (dropped > 0) onOverflow?.(dropped)
  return value === '' ? undefined : value
}
