// Encoding of one Server-Sent Event, per the HTML standard's "event stream" format:
// "Lines must be separated by either a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF) character pair,
//  a single U+000A LINE FEED (LF) character, or a single U+000D CARRIAGE RETURN (CR) character."
// So no field may carry a raw CR or LF: data is JSON (which escapes both), and ids and names are checked.

export interface SseMessage {
  event: string
  data: unknown
  id?: string
}

const unsafeFieldPattern = /[\r\n\0]/
const eventNamePattern = /^[a-z][a-z0-9_-]{0,63}$/

export function encodeSseMessage(message: SseMessage): string {
  if (!eventNamePattern.test(message.event)) {
    throw new TypeError(`SSE event name ${JSON.stringify(message.event)} is not a plain lower-case word`)
  }
  // JSON.stringify escapes CR and LF inside strings, and emits none between tokens without an indent argument.
  const data = JSON.stringify(message.data)
  if (data === undefined) throw new TypeError(`SSE event ${message.event} has no JSON-representable data`)
  let frame = `event: ${message.event}\ndata: ${data}\n`
  if (message.id !== undefined) {
    // "If the field value does not contain U+0000 NULL, then set the last event ID buffer to the field value."
    if (unsafeFieldPattern.test(message.id)) throw new TypeError('SSE id must not contain CR, LF or NUL')
    frame = `id: ${message.id}\n` + frame
  }
  return frame + '\n'
}

export function encodeSseRetry(retryMs: number): string {
  return `retry: ${Math.max(0, Math.trunc(retryMs))}\n\n`
}

/** A comment line: ignored by parsers, keeps proxies and the socket from timing out. */
export const sseKeepAliveFrame = ': keep-alive\n\n'
