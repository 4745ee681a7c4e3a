// How an answer ended and what it cost, in words for people: the failure title and message (lib/failureText.ts),
// how it stopped, and the figures under each answer (model, time to first token, tokens/s, token usage).
import type { AnswerMeta, EngineReading, StopReason } from '../../../../shared/chat'
import { formatBytes } from '../../../../shared/format'
import { describeFailure, type EndingText } from '../../lib/failureText'

const stopMessages: Record<StopReason, string> = {
  user: 'You stopped this answer; what came before the stop is kept.',
  'no-window':
    'Every window showing this answer closed and none came back, so Vigil stopped asking the endpoint; what came before is kept.',
  shutdown: 'Vigil was closing, so it stopped this answer; what came before is kept.',
}

/** Says how an answer ended when it did not simply finish; undefined for a finished answer. */
export function describeEnding(answer: AnswerMeta): EndingText | undefined {
  const reason = answer.finishReason ? ` (finish reason "${answer.finishReason}")` : ''
  switch (answer.state) {
    case 'done':
      return undefined
    case 'length':
      return {
        title: 'Cut off at the length limit',
        message: `The model stopped because the answer reached its token limit${reason}, not because it was finished. Continue asks for the rest.`,
      }
    case 'content-filter':
      return {
        title: 'Stopped by a content filter',
        message: `The endpoint's content filter ended this answer${reason}; what came before is kept.`,
      }
    case 'tool-calls':
      return {
        title: 'The model asked to call a tool',
        message: `The model ended its turn with a request to call a tool${reason}, which this conversation does not offer it. Regenerate, or ask it to answer without tools.`,
      }
    case 'stopped':
      return {
        title: 'Stopped',
        message: answer.stopReason
          ? stopMessages[answer.stopReason]
          : 'This answer was stopped, by you or because its window closed; what came before the stop is kept.',
      }
    case 'failed':
      return describeFailure(
        answer.failure ?? { code: 'http-error', message: 'The answer failed for a reason the core did not give.' },
      )
  }
}

export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`
}

/** The figures shown under an answer, each a short phrase; absent figures are left out, not shown as zero. */
/** The local engine's process and what it uses: "llama-server (pid 4242): CPU 180 %, 1.2 GiB". */
export function formatEngine(engine: EngineReading, isPeak = false): string {
  const cpu = `${Math.round(engine.cpuPct)} %`
  const memory = formatBytes(engine.memBytes)
  return isPeak
    ? `${engine.name} (pid ${engine.pid}) peaked at CPU ${cpu}, ${memory}`
    : `${engine.name} (pid ${engine.pid}): CPU ${cpu}, ${memory}`
}

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
  if (answer.context) {
    const { estimatedTokens, limitTokens, omittedMessages } = answer.context
    stats.push(`context ~${estimatedTokens.toLocaleString('en')} of ${limitTokens.toLocaleString('en')} tokens`)
    if (omittedMessages > 0)
      stats.push(`${omittedMessages} earlier message${omittedMessages === 1 ? '' : 's'} left out to fit`)
  }
  if (answer.engine) stats.push(formatEngine(answer.engine, true))
  return stats
}
