// How an answer ended and what it cost, in words for people: the failure title and message (lib/failureText.ts),
// and the figures under each answer (model, time to first token, tokens/s, token usage).
import type { AnswerMeta } from '../../../../shared/chat'
import { describeFailure, type EndingText } from '../../lib/failureText'

/** Says how an answer ended when it did not simply finish; undefined for a finished answer. */
export function describeEnding(answer: AnswerMeta): EndingText | undefined {
  if (answer.state === 'done') return undefined
  if (answer.state === 'stopped')
    return {
      title: 'Stopped',
      message: answer.failure?.message ?? 'You stopped this answer; what came before the stop is kept.',
    }
  return describeFailure(
    answer.failure ?? { code: 'http-error', message: 'The answer failed for a reason the core did not give.' },
  )
}

export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`
}

/** The figures shown under an answer, each a short phrase; absent figures are left out, not shown as zero. */
export function formatAnswerStats(answer: AnswerMeta): string[] {
  const stats: string[] = []
  if (answer.model) stats.push(answer.model)
  if (answer.timeToFirstTokenMs !== undefined) stats.push(`first token ${formatDuration(answer.timeToFirstTokenMs)}`)
  if (answer.tokensPerSecond !== undefined) stats.push(`${answer.tokensPerSecond.toFixed(1)} tokens/s`)
  if (answer.usage) {
    const { promptTokens, completionTokens, totalTokens } = answer.usage
    stats.push(
      `${totalTokens.toLocaleString('en')} tokens (${promptTokens.toLocaleString('en')} in, ${completionTokens.toLocaleString('en')} out)`,
    )
  }
  return stats
}
