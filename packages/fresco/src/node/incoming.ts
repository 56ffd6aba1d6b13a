// IncomingInfo over node's request, built with one small object per request: no URL, Request
// or Headers object on the HIT path; the body stream and abort signal exist only when read.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { IncomingInfo } from '../runtime/server/contract.js'
import { createBodyStream } from './body.js'
import { directOrigin, proxiedOrigin } from './forwarded.js'
import type { RequestTarget } from './url.js'

export interface IncomingOptions {
  /** Largest body the stream passes on (larger: BODY_TOO_LARGE). */
  bodyLimit: number
  /** Believe X-Forwarded-Proto / -Host (config `trustProxy`). */
  trustProxy: boolean
}

export class NodeIncoming implements IncomingInfo {
  readonly method: string
  readonly pathname: string
  readonly search: string
  readonly rawUrl: string
  readonly headers: IncomingMessage['headers']
  #req: IncomingMessage
  #res: ServerResponse
  #options: IncomingOptions
  #origin: string | undefined
  #controller: AbortController | undefined

  /** `headers`: what middleware replaced the request's headers with (NextResponse.next({ request })). */
  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    target: RequestTarget,
    options: IncomingOptions,
    headers?: IncomingMessage['headers'],
  ) {
    this.method = req.method ?? 'GET'
    this.pathname = target.pathname
    this.search = target.search
    this.rawUrl = req.url ?? '/'
    this.headers = headers ?? req.headers
    this.#req = req
    this.#res = res
    this.#options = options
  }

  // Built when first read: cached answers never need it.
  get origin(): string {
    this.#origin ??= this.#options.trustProxy ? proxiedOrigin(this.headers) : directOrigin(this.headers)
    return this.#origin
  }

  body(): ReadableStream<Uint8Array> | null {
    if (this.method === 'GET' || this.method === 'HEAD') return null
    return createBodyStream(this.#req, this.#options.bodyLimit)
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController()
      this.#controller = controller
      // 'close' before 'finish' means the client went away mid-response.
      this.#res.once('close', () => {
        if (!this.#res.writableFinished) controller.abort()
      })
    }
    return this.#controller.signal
  }
}
