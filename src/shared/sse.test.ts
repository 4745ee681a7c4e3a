import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { describe, expect, it } from 'vitest'
import { encodeSseMessage, encodeSseRetry, sseKeepAliveFrame } from './sse'

function parseAll(
  text: string,
  chunkSize = text.length,
): { messages: EventSourceMessage[]; retry?: number; comments: string[] } {
  const messages: EventSourceMessage[] = []
  const comments: string[] = []
  let retry: number | undefined
  const parser = createParser({
    onEvent: (m) => messages.push(m),
    onRetry: (r) => (retry = r),
    onComment: (c) => comments.push(c),
  })
  for (let offset = 0; offset < text.length; offset += chunkSize) parser.feed(text.slice(offset, offset + chunkSize))
  return { messages, retry, comments }
}

const nastyPayloads: unknown[] = [
  { text: 'line one\nline two' },
  { text: 'carriage\rreturn and\r\nCRLF' },
  { text: 'event: fake\ndata: {"injected":true}\n\nid: 999' },
  { text: '\n\n\n' },
  { text: 'data:' },
  { text: ': not a comment' },
  { text: 'emoji 🛰️ and NUL \u0000 and separators \u2028\u2029' },
  'a bare string with\nnewline',
  [1, 'two', { three: null }],
  0,
  null,
]

describe('SSE encoding', () => {
  it.each(nastyPayloads.map((payload) => [JSON.stringify(payload), payload]))(
    'round-trips %s through eventsource-parser',
    (_name, payload) => {
      const frame = encodeSseMessage({ event: 'samples', data: payload, id: 'abc:42' })
      const { messages } = parseAll(frame)
      expect(messages).toHaveLength(1)
      expect(messages[0]!.event).toBe('samples')
      expect(messages[0]!.id).toBe('abc:42')
      expect(JSON.parse(messages[0]!.data)).toEqual(payload)
    },
  )

  it('survives being cut into one-character chunks', () => {
    const text = nastyPayloads
      .map((payload, index) => encodeSseMessage({ event: 'samples', data: payload, id: String(index) }))
      .join('')
    const { messages } = parseAll(encodeSseRetry(2000) + sseKeepAliveFrame + text, 1)
    expect(messages.map((m) => JSON.parse(m.data))).toEqual(nastyPayloads)
    expect(messages.map((m) => m.id)).toEqual(nastyPayloads.map((_, index) => String(index)))
  })

  it('never puts a raw CR or LF inside a field', () => {
    const frame = encodeSseMessage({ event: 'samples', data: { text: 'a\rb\nc\r\nd' } })
    const lines = frame.split('\n')
    expect(lines.slice(0, -2).every((line) => line.length > 0 && !line.includes('\r'))).toBe(true)
    expect(frame.endsWith('\n\n')).toBe(true)
  })

  it('refuses ids that carry CR, LF or NUL, and event names that are not plain words', () => {
    expect(() => encodeSseMessage({ event: 'samples', data: 1, id: 'a\nb' })).toThrow(/CR, LF or NUL/)
    expect(() => encodeSseMessage({ event: 'samples', data: 1, id: 'a\rb' })).toThrow(/CR, LF or NUL/)
    expect(() => encodeSseMessage({ event: 'samples', data: 1, id: 'a\0b' })).toThrow(/CR, LF or NUL/)
    expect(() => encodeSseMessage({ event: 'bad\nevent', data: 1 })).toThrow(/plain lower-case word/)
    expect(() => encodeSseMessage({ event: 'samples', data: undefined })).toThrow(/JSON-representable/)
  })

  it('encodes retry and keep-alive frames the parser understands', () => {
    const { retry, comments, messages } = parseAll(encodeSseRetry(2500) + sseKeepAliveFrame)
    expect(retry).toBe(2500)
    expect(comments).toEqual(['keep-alive'])
    expect(messages).toEqual([])
  })
})
