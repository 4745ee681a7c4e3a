import { describe, expect, it } from 'vitest'
import { errorLinesAsEvents } from './upstreamFetch'

/** Runs `pieces` (each one chunk) through the rewrite and returns the text that came out. */
async function rewrite(pieces: string[]): Promise<string> {
  const encoder = new TextEncoder()
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece))
      controller.close()
    },
  })
  return new Response(source.pipeThrough(errorLinesAsEvents())).text()
}

/** Every way of cutting `text` in two. */
const cutsOf = (text: string) => Array.from({ length: text.length + 1 }, (_, at) => [text.slice(0, at), text.slice(at)])

describe('llama.cpp error lines', () => {
  const stream = 'data: {"a":1}\r\n\r\nerror: {"message":"too long"}\n\ndata: [DONE]\n\n'
  const expected = 'data: {"a":1}\r\n\r\nevent: error\ndata: {"message":"too long"}\n\ndata: [DONE]\n\n'

  it('become an error event and data, wherever the chunks are cut', async () => {
    for (const pieces of cutsOf(stream)) expect(await rewrite(pieces)).toBe(expected)
    expect(await rewrite([...stream])).toBe(expected)
  })

  it('leave every other line as it came, even one that begins like an error line', async () => {
    const text = 'data: error: no\nerrand: 1\rerror\n: x\nerro'
    for (const pieces of cutsOf(text)) expect(await rewrite(pieces)).toBe(text)
    expect(await rewrite([...text])).toBe(text)
  })
})
