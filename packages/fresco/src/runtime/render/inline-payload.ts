// The RSC payload inlined into a finished HTML document, in one pass over two buffers: the bytes
// rsc-html-stream's injectRSCPayload writes for a payload that arrives as one chunk (the browser
// reads them with rsc-html-stream/client). Buffered renders (prerender, regeneration) already hold
// the whole payload and the whole document, so they skip the stream transform, its tee of the
// payload, its per-chunk decode/encode and the timer it waits on (issue 9: profile of on-demand
// renders).

const TRAILER = new TextEncoder().encode('</body></html>')
const encoder = new TextEncoder()
const fatal = new TextDecoder('utf-8', { fatal: true })

/** rsc-html-stream's escaping: no `<!--` and no `</script` inside the script element. */
function escapeScript(script: string): string {
  return script.replace(/<!--/g, '<\\!--').replace(/<\/(script)/gi, '</\\$1')
}

/** The push of one payload chunk: a JSON string, or base64 bytes when it is not valid UTF-8. */
function pushOf(payload: Uint8Array): string {
  let chunk: string
  try {
    chunk = JSON.stringify(fatal.decode(payload))
  } catch {
    let binary = ''
    for (const byte of payload) binary += String.fromCharCode(byte)
    chunk = `Uint8Array.from(atob(${JSON.stringify(btoa(binary))}), m => m.codePointAt(0))`
  }
  return `<script>${escapeScript(`(self.__FLIGHT_DATA||=[]).push(${chunk})`)}</script>`
}

function endsWithTrailer(html: Uint8Array): boolean {
  if (html.byteLength < TRAILER.byteLength) return false
  const start = html.byteLength - TRAILER.byteLength
  for (let i = 0; i < TRAILER.byteLength; i++) if (html[start + i] !== TRAILER[i]) return false
  return true
}

/**
 * `html` without its closing `</body></html>`, the payload's script, then `</body></html>` (added
 * whether or not the document had it, as injectRSCPayload does). React writes valid UTF-8, so
 * the document's bytes are kept as they are rather than decoded and encoded again.
 */
export function inlinePayload(html: Uint8Array, payload: Uint8Array): Uint8Array {
  const head = endsWithTrailer(html) ? html.subarray(0, html.byteLength - TRAILER.byteLength) : html
  const script = encoder.encode(pushOf(payload))
  const out = new Uint8Array(head.byteLength + script.byteLength + TRAILER.byteLength)
  out.set(head, 0)
  out.set(script, head.byteLength)
  out.set(TRAILER, head.byteLength + script.byteLength)
  return out
}
