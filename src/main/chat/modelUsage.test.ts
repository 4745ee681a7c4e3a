// The Models table's figures from stored conversations: grouped by provider and model, earlier versions
// counted, percentiles by nearest rank, the engine's peaks only where an engine was read.
import { describe, expect, it } from 'vitest'
import type { AnswerMeta, ChatMessage, Conversation } from '../../shared/chat'
import { addToHistogram, percentileOf, tallyModelUsage, type Histogram } from './modelUsage'

let nextId = 0
const answer = (at: number, meta: Partial<AnswerMeta> & { model: string }): ChatMessage => ({
  id: `m${(nextId += 1)}`,
  role: 'assistant',
  content: 'answer',
  createdAt: at,
  answer: { state: 'done', ...meta },
})
const question = (at: number): ChatMessage => ({ id: `m${(nextId += 1)}`, role: 'user', content: 'q', createdAt: at })

const conversation = (providerId: string | undefined, messages: ChatMessage[]): Conversation => ({
  id: `c${String((nextId += 1)).padStart(12, '0')}`,
  title: 'c',
  ...(providerId === undefined ? {} : { providerId }),
  systemPrompt: '',
  createdAt: 0,
  updatedAt: 0,
  messages,
})

const names: Record<string, string> = { p1: 'Ollama', p2: 'OpenAI' }

describe('the models used', () => {
  it('groups answers by provider and model, the most recently used first, with their percentiles', () => {
    const rates = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    const rows = tallyModelUsage(
      [
        conversation(
          'p1',
          rates.flatMap((rate, index) => [
            question(index),
            answer(index, { model: 'llama', tokensPerSecond: rate, timeToFirstTokenMs: 100 + index }),
          ]),
        ),
        conversation('p2', [
          question(50),
          answer(50, { model: 'gpt', tokensPerSecond: 42.42, timeToFirstTokenMs: 300 }),
        ]),
        // The same model name at another provider is another row.
        conversation('p2', [question(5), answer(5, { model: 'llama', tokensPerSecond: 5 })]),
      ],
      (id) => names[id],
    )
    expect(rows).toEqual([
      {
        providerId: 'p2',
        providerName: 'OpenAI',
        model: 'gpt',
        answers: 1,
        tokensPerSecondP50: 42.4,
        tokensPerSecondP90: 42.4,
        timeToFirstTokenMsP50: 300,
        lastUsedAt: 50,
      },
      {
        providerId: 'p1',
        providerName: 'Ollama',
        model: 'llama',
        answers: 10,
        tokensPerSecondP50: 50,
        tokensPerSecondP90: 90,
        timeToFirstTokenMsP50: 104,
        lastUsedAt: 9,
      },
      {
        providerId: 'p2',
        providerName: 'OpenAI',
        model: 'llama',
        answers: 1,
        tokensPerSecondP50: 5,
        tokensPerSecondP90: 5,
        lastUsedAt: 5,
      },
    ])
  })

  it('keeps the engine’s highest CPU and memory, and the name its latest answer recorded', () => {
    const engine = (cpuPct: number, memBytes: number, name: string) => ({ pid: 7, name, cpuPct, memBytes })
    const [row] = tallyModelUsage(
      [
        conversation('p1', [
          answer(1, { model: 'llama', engine: engine(350, 1_000, 'ollama') }),
          answer(3, { model: 'llama', engine: engine(120, 4_000, 'llama-server') }),
          // An answer that failed before any token still counts as one, with no figures.
          answer(2, { model: 'llama', state: 'failed' }),
        ]),
      ],
      (id) => names[id],
    )
    expect(row).toEqual({
      providerId: 'p1',
      providerName: 'Ollama',
      model: 'llama',
      answers: 3,
      engineCpuPctPeak: 350,
      engineMemBytesPeak: 4_000,
      engineName: 'llama-server',
      lastUsedAt: 3,
    })
  })

  it('counts the answers kept as earlier versions, and those that followed an edited question', () => {
    const kept = answer(1, { model: 'old', tokensPerSecond: 8 })
    const regenerated: ChatMessage = {
      ...answer(4, { model: 'new', tokensPerSecond: 12 }),
      versions: [{ content: 'first', createdAt: 2, answer: { model: 'new', state: 'done' }, following: [] }],
    }
    const edited: ChatMessage = {
      ...question(3),
      versions: [{ content: 'before the edit', createdAt: 0, following: [kept] }],
    }
    const rows = tallyModelUsage([conversation('p1', [edited, regenerated])], (id) => names[id])
    expect(rows.map((row) => [row.model, row.answers, row.lastUsedAt])).toEqual([
      ['new', 2, 4],
      ['old', 1, 1],
    ])
  })

  it('names no provider for a removed one, or for a conversation without one, and skips answers with no model', () => {
    const rows = tallyModelUsage(
      [
        conversation('gone', [answer(2, { model: 'a' })]),
        conversation(undefined, [answer(1, { model: 'b' }), answer(0, { model: '' })]),
      ],
      (id) => names[id],
    )
    expect(rows).toEqual([
      { providerId: 'gone', model: 'a', answers: 1, lastUsedAt: 2 },
      { model: 'b', answers: 1, lastUsedAt: 1 },
    ])
  })
})

describe('a histogram of rounded values', () => {
  it('keeps three significant digits, so its size is bounded whatever the number of values', () => {
    const histogram: Histogram = new Map()
    for (let index = 0; index < 100_000; index += 1) addToHistogram(histogram, 10 + (index % 1000) / 7)
    expect(histogram.size).toBeLessThanOrEqual(1000)
    expect(percentileOf(histogram, 0.5)).toBeCloseTo(10 + 500 / 7, 0)
  })

  it('has no percentile without values, and gives the value at the nearest rank', () => {
    const histogram: Histogram = new Map()
    expect(percentileOf(histogram, 0.5)).toBeUndefined()
    for (const value of [1, 2, 3, 4]) addToHistogram(histogram, value)
    expect(percentileOf(histogram, 0.5)).toBe(2)
    expect(percentileOf(histogram, 0.9)).toBe(4)
    expect(percentileOf(histogram, 0)).toBe(1)
  })
})
