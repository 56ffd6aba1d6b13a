// Small stream helpers shared by the render paths (Web streams only: the server bundle also
// runs where node streams are not the native type).

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return (await readAtMost(stream, Number.POSITIVE_INFINITY)) as Uint8Array
}

/**
 * The whole stream, or undefined as soon as more than `limit` bytes arrived (the stream is then
 * cancelled): memory never holds more than the limit plus one chunk.
 */
export async function readAtMost(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.byteLength
  }
  return out
}

export function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })
}
