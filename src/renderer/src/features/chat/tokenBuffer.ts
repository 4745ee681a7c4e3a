// The text of an answer as its token events arrive. An event carries the text of one or more tokens and
// the index of the last of them (src/shared/chat.ts); the stream sends them in order, and a reconnect with
// Last-Event-ID resumes after the last index received. So the text is the events' texts in order, and an
// event whose index is not past the last one seen is a repeat, ignored.
// Lifecycle: one buffer per followed generation, dropped when the generation ends.

export interface TokenBuffer {
  /** Index of the last token in `text`; -1 before the first. */
  lastIndex: number
  text: string
}

export function createTokenBuffer(): TokenBuffer {
  return { lastIndex: -1, text: '' }
}

/** Adds the text of the tokens up to `index`; returns whether the text grew. */
export function acceptToken(buffer: TokenBuffer, index: number, text: string): boolean {
  if (!Number.isInteger(index) || index <= buffer.lastIndex) return false
  buffer.lastIndex = index
  buffer.text += text
  return text.length > 0
}
