// The Models table: every stored answer (earlier versions too), grouped by provider and model, with the
// figures each answer recorded. One pass over the conversations as the store holds them; per model only
// counters and two histograms of values rounded to three significant digits (at most 900 keys a decade),
// so what it keeps does not grow with the number of answers.
import type { AnswerMeta, ChatMessage, Conversation, ModelUsage } from '../../shared/chat'

/** How many times each value came, rounded to three significant digits: percentiles within 0.5 %. */
export type Histogram = Map<number, number>

export function addToHistogram(histogram: Histogram, value: number): void {
  const rounded = Number(value.toPrecision(3))
  histogram.set(rounded, (histogram.get(rounded) ?? 0) + 1)
}

/** The nearest-rank percentile (`fraction` 0.5 for the median), or undefined for no values. */
export function percentileOf(histogram: Histogram, fraction: number): number | undefined {
  let total = 0
  for (const count of histogram.values()) total += count
  if (total === 0) return undefined
  const rank = Math.max(1, Math.ceil(fraction * total))
  let seen = 0
  for (const value of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(value)!
    if (seen >= rank) return value
  }
  return undefined
}

interface Tally {
  providerId: string | undefined
  model: string
  answers: number
  tokensPerSecond: Histogram
  timeToFirstTokenMs: Histogram
  engineCpuPctPeak: number | undefined
  engineMemBytesPeak: number | undefined
  engineName: string | undefined
  engineSeenAt: number
  lastUsedAt: number
}

/** Each answer kept in these messages, with when it began: the shown ones, and those of earlier versions. */
function* answersIn(messages: readonly ChatMessage[]): Generator<{ answer: AnswerMeta; at: number }> {
  for (const message of messages) {
    if (message.role === 'assistant' && message.answer) yield { answer: message.answer, at: message.createdAt }
    for (const version of message.versions ?? []) {
      if (message.role === 'assistant' && version.answer) yield { answer: version.answer, at: version.createdAt }
      yield* answersIn(version.following)
    }
  }
}

function add(tally: Tally, answer: AnswerMeta, at: number): void {
  tally.answers += 1
  tally.lastUsedAt = Math.max(tally.lastUsedAt, at)
  if (answer.tokensPerSecond !== undefined) addToHistogram(tally.tokensPerSecond, answer.tokensPerSecond)
  if (answer.timeToFirstTokenMs !== undefined) addToHistogram(tally.timeToFirstTokenMs, answer.timeToFirstTokenMs)
  const { engine } = answer
  if (!engine) return
  tally.engineCpuPctPeak = Math.max(tally.engineCpuPctPeak ?? 0, engine.cpuPct)
  tally.engineMemBytesPeak = Math.max(tally.engineMemBytesPeak ?? 0, engine.memBytes)
  if (at >= tally.engineSeenAt) {
    tally.engineName = engine.name
    tally.engineSeenAt = at
  }
}

/**
 * The models used in these conversations, the most recently used first. An answer counts for the provider
 * of its conversation (answers do not name theirs); `providerName` gives the provider's name now.
 */
export function tallyModelUsage(
  conversations: Iterable<Conversation>,
  providerName: (id: string) => string | undefined,
): ModelUsage[] {
  const tallies = new Map<string, Tally>()
  for (const conversation of conversations) {
    for (const { answer, at } of answersIn(conversation.messages)) {
      if (!answer.model) continue
      const key = JSON.stringify([conversation.providerId ?? null, answer.model])
      let tally = tallies.get(key)
      if (!tally)
        tallies.set(
          key,
          (tally = {
            providerId: conversation.providerId,
            model: answer.model,
            answers: 0,
            tokensPerSecond: new Map(),
            timeToFirstTokenMs: new Map(),
            engineCpuPctPeak: undefined,
            engineMemBytesPeak: undefined,
            engineName: undefined,
            engineSeenAt: -Infinity,
            lastUsedAt: at,
          }),
        )
      add(tally, answer, at)
    }
  }
  return [...tallies.values()]
    .sort((a, b) => b.lastUsedAt - a.lastUsedAt)
    .map((tally) => {
      const name = tally.providerId === undefined ? undefined : providerName(tally.providerId)
      const figures = {
        tokensPerSecondP50: percentileOf(tally.tokensPerSecond, 0.5),
        tokensPerSecondP90: percentileOf(tally.tokensPerSecond, 0.9),
        timeToFirstTokenMsP50: percentileOf(tally.timeToFirstTokenMs, 0.5),
        engineCpuPctPeak: tally.engineCpuPctPeak,
        engineMemBytesPeak: tally.engineMemBytesPeak,
        engineName: tally.engineName,
      }
      return {
        ...(tally.providerId === undefined ? {} : { providerId: tally.providerId }),
        ...(name === undefined ? {} : { providerName: name }),
        model: tally.model,
        answers: tally.answers,
        ...Object.fromEntries(Object.entries(figures).filter(([, value]) => value !== undefined)),
        lastUsedAt: tally.lastUsedAt,
      }
    })
}
