// The text of an answer as its token events arrive. An event carries the text of one or more tokens and
// the index of the last of them (src/shared/chat.ts); the stream sends them in order, and a reconnect with
// Last-Event-ID resumes after the last index received. So the text is the events' texts in order, and an
// event whose index is not past the last one seen is a repeat, ignored.
// Lifecycle: one buffer per followed generation, dropped when the generation ends.

export interface TokenBuffer {
  /** Index of the last token in `text` or `reasoning`; -1 before the first. */
  lastIndex: number
  text: string
  /** A thinking model's reasoning, apart from the answer's text. */
  reasoning: string
}

export function createTokenBuffer(): TokenBuffer {
  return { lastIndex: -1, text: '', reasoning: '' }
}

/** Adds the text (and reasoning) of the tokens up to `index`; returns whether either grew. */
export function acceptToken(buffer: TokenBuffer, index: number, text: string, reasoning = ''): boolean {
  if (!Number.isInteger(index) || index <= buffer.lastIndex) return false
  buffer.lastIndex = index
  buffer.text += text
  buffer.reasoning += reasoning
  return text.length > 0 || reasoning.length > 0
}
