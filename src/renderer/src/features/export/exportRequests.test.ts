import { describe, expect, it } from 'vitest'
import { defaultCsvOptions } from '../../../../shared/export'
import { customSpan, toLocalInput } from '../../lib/localTimeInput'
import { chatRequest, spanOfChoice } from './exportRequests'

const csv = defaultCsvOptions

describe('the ranges of the Exports form', () => {
  it('take the last window up to now, or the custom span the form holds', () => {
    const nowMs = 1_800_000_000_000
    expect(spanOfChoice('15m', nowMs, { from: '', to: '' })).toEqual({ fromMs: nowMs - 900_000, toMs: nowMs })
    expect(spanOfChoice('24h', nowMs, { from: '', to: '' })).toEqual({ fromMs: nowMs - 86_400_000, toMs: nowMs })
    const custom = { from: toLocalInput(nowMs - 3_600_000), to: toLocalInput(nowMs) }
    const span = spanOfChoice('custom', nowMs, custom)
    expect(span).toEqual({ fromMs: new Date(custom.from).getTime(), toMs: new Date(custom.to).getTime() })
    expect(toLocalInput(new Date(custom.to).getTime())).toBe(custom.to)
  })

  it('say what is wrong with a custom span', () => {
    expect(customSpan({ from: '', to: '2026-11-24T10:15' })).toBe('Give the start and the end of the range.')
    expect(customSpan({ from: '2026-11-24T11:00', to: '2026-11-24T10:15' })).toBe(
      'The start of the range must not be after its end.',
    )
  })
})

describe('chat export requests', () => {
  it('name the conversation (or all) and the format', () => {
    expect(chatRequest('c0123456789ab', 'markdown', csv)).toEqual({
      kind: 'chat',
      conversation: 'c0123456789ab',
      format: 'markdown',
      csv,
    })
  })
})
