// Chat on the wire: how a generation ended, and what it used.

export type ChatFailureCode =
  | 'unauthorized'
  | 'model-not-found'
  | 'rate-limited'
  | 'unreachable'
  | 'timeout'
  | 'stalled'
  | 'truncated'
  | 'stream-error'
  | 'malformed'
  | 'dropped'
  | 'not-openai'
  | 'empty'
  | 'http-error'

export interface ChatFailure {
  code: ChatFailureCode
  /** For people: what happened and what to do. Never holds a key. */
  message: string
  retryAfterSeconds?: number
}

export interface TokenUsage {
  promptTokens: number
  completionTokens: number
  totalTokens: number
}

/** A key as the UI may show it: the first three and last four characters, e.g. "sk-…abcd". */
export function maskKey(key: string): string {
  if (key.length <= 8) return '…' + key.slice(-2)
  return `${key.slice(0, 3)}…${key.slice(-4)}`
}
