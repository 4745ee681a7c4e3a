import { describe, expect, it } from 'vitest'
import { describeEnding, formatAnswerStats, formatDuration } from './answerFormat'

describe('how an answer ended', () => {
  it('says nothing about a finished answer', () => {
    expect(describeEnding({ model: 'm', state: 'done' })).toBeUndefined()
  })

  it('marks a stopped answer as stopped, with the partial text kept', () => {
    expect(describeEnding({ model: 'm', state: 'stopped' })).toEqual({
      title: 'Stopped',
      message: expect.stringMatching(/kept/),
    })
  })

  it('says who stopped an answer: the user, every window gone, or Vigil closing', () => {
    const messageOf = (stopReason: 'user' | 'no-window' | 'shutdown') =>
      describeEnding({ model: 'm', state: 'stopped', stopReason })?.message
    expect(messageOf('user')).toMatch(/^You stopped this answer/)
    expect(messageOf('no-window')).toMatch(/^Every window showing this answer closed/)
    expect(messageOf('shutdown')).toMatch(/^Vigil was closing/)
  })

  it('names each finish reason that is not a plain stop, with the reason as the endpoint sent it', () => {
    expect(describeEnding({ model: 'm', state: 'length', finishReason: 'length' })).toEqual({
      title: 'Cut off at the length limit',
      message: expect.stringMatching(/token limit \(finish reason "length"\).*Continue/),
    })
    expect(describeEnding({ model: 'm', state: 'content-filter', finishReason: 'content_filter' })?.title).toBe(
      'Stopped by a content filter',
    )
    expect(describeEnding({ model: 'm', state: 'tool-calls', finishReason: 'tool_calls' })?.title).toBe(
      'The model asked to call a tool',
    )
  })

  it('names each failure and keeps the core’s message word for word', () => {
    const ending = describeEnding({
      model: 'm',
      state: 'failed',
      failure: { code: 'unauthorized', message: 'The endpoint refused the key (401): check it in Settings.' },
    })
    expect(ending).toEqual({
      title: 'The key was refused',
      message: 'The endpoint refused the key (401): check it in Settings.',
    })
  })

  it('explains a failure without details', () => {
    expect(describeEnding({ model: 'm', state: 'failed' })?.title).toBe('The request failed')
  })
})

describe('the figures under an answer', () => {
  it('shows model, time to first token, speed and usage', () => {
    const stats = formatAnswerStats({
      model: 'gpt-4o-mini',
      state: 'done',
      timeToFirstTokenMs: 412.4,
      tokensPerSecond: 38.25,
      usage: { promptTokens: 1200, completionTokens: 85, totalTokens: 1285 },
    })
    expect(stats).toEqual(['gpt-4o-mini', 'first token 412 ms', '38.3 tokens/s', '1,285 tokens (1,200 in, 85 out)'])
  })

  it('leaves out what was not reported instead of showing zero', () => {
    expect(formatAnswerStats({ model: 'llama3', state: 'failed' })).toEqual(['llama3'])
    expect(formatAnswerStats({ model: '', state: 'done', timeToFirstTokenMs: 2500 })).toEqual(['first token 2.5 s'])
  })

  it('formats durations in ms below a second and in seconds above', () => {
    expect(formatDuration(0)).toBe('0 ms')
    expect(formatDuration(999)).toBe('999 ms')
    expect(formatDuration(1000)).toBe('1.0 s')
  })

  it('shows how much of the context the request used, and what was left out to fit', () => {
    expect(
      formatAnswerStats({
        model: '',
        state: 'done',
        context: { limitTokens: 4096, estimatedTokens: 3900, omittedMessages: 3 },
      }),
    ).toEqual(['context ~3,900 of 4,096 tokens', '3 earlier messages left out to fit'])
  })
})
