// A chat failure in words for people: a title per failure code, and the core's message with the wait of a
// rate limit added. The chat shows it under a failed answer; Settings shows it for a failed connection test.
import type { ChatFailure, ChatFailureCode } from '../../../shared/chat'

const failureTitles: Record<ChatFailureCode, string> = {
  unauthorized: 'The key was refused',
  'model-not-found': 'Unknown model',
  'rate-limited': 'Rate limited',
  unreachable: 'The endpoint is down',
  timeout: 'No answer in time',
  stalled: 'The answer stalled',
  truncated: 'The answer was cut off',
  'stream-error': 'Error in the middle of the answer',
  malformed: 'Unreadable answer',
  dropped: 'The connection dropped',
  'not-openai': 'Not an OpenAI-compatible endpoint',
  empty: 'Empty answer',
  'http-error': 'The request failed',
  'not-configured': 'The conversation cannot be answered yet',
  'not-saved': 'The conversation could not be saved',
  internal: 'Vigil failed',
  redirected: 'Redirected elsewhere',
}

export interface EndingText {
  title: string
  message: string
}

export function describeFailure(failure: ChatFailure): EndingText {
  const wait = failure.retryAfterSeconds
  const needsWait = wait !== undefined && !failure.message.includes(`${wait} s`)
  return {
    title: failureTitles[failure.code],
    message: needsWait ? `${failure.message} Try again in ${formatSeconds(wait)}.` : failure.message,
  }
}

function formatSeconds(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`
}
