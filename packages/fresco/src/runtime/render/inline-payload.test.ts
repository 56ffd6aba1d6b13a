// inlinePayload must write what rsc-html-stream's injectRSCPayload writes for a payload of one
// chunk: the browser reads both with rsc-html-stream/client.
import { injectRSCPayload } from 'rsc-html-stream/server'
import { describe, expect, it } from 'vitest'
import { inlinePayload } from './inline-payload.js'
import { readAll, streamOf } from './streams.js'

const enc = new TextEncoder()
const text = (b: Uint8Array) => new TextDecoder().decode(b)

async function viaStream(html: Uint8Array, payload: Uint8Array): Promise<string> {
  return text(await readAll(streamOf(html).pipeThrough(injectRSCPayload(streamOf(payload)))))
}

describe('inlinePayload', () => {
  const cases: [string, string, Uint8Array][] = [
    ['a document', '<!DOCTYPE html><html><body><p>hi</p></body></html>', enc.encode('0:["$","p",null,{}]\n')],
    [
      'script-breaking text in the payload',
      '<html><body><p>x</p></body></html>',
      enc.encode('0:"</script><script>alert(1)</script><!-- é 😀 </SCRIPT"\n'),
    ],
    ['a document without the trailer', '<p>fragment</p>', enc.encode('0:1\n')],
    [
      'a payload that is not UTF-8',
      '<html><body></body></html>',
      new Uint8Array([0x30, 0x3a, 0xff, 0xfe, 0x0a]),
    ],
  ]
  for (const [name, html, payload] of cases) {
    it(`writes the bytes injectRSCPayload writes: ${name}`, async () => {
      const out = text(inlinePayload(enc.encode(html), payload))
      expect(out).toBe(await viaStream(enc.encode(html), payload))
      expect(out).not.toMatch(/<\/script><script>alert/)
    })
  }
})
