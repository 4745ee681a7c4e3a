import { describe, expect, it } from 'vitest'
import { hashWithTime, timeInAddress } from './viewAddress'

const fallback = { windowId: '5m', fixedRange: undefined } as const

describe('the Metrics time in the address', () => {
  it('reads the window and a fixed range, and falls back where the address names none or a wrong one', () => {
    expect(timeInAddress('#view=metrics&window=7d', fallback)).toEqual({ windowId: '7d', fixedRange: undefined })
    expect(timeInAddress('#window=1h&from=1000&to=61000', fallback)).toEqual({
      windowId: '1h',
      fixedRange: { fromMs: 1000, toMs: 61_000 },
    })
    expect(timeInAddress('#window=2y&from=9&to=3', fallback)).toEqual(fallback)
    expect(timeInAddress('#from=-5&to=x', fallback)).toEqual(fallback)
    expect(timeInAddress('', fallback)).toEqual(fallback)
  })

  it('writes the time beside the rest of the fragment, dropping a range once live again', () => {
    const fixed = hashWithTime('#view=metrics', { windowId: '24h', fixedRange: { fromMs: 1000.4, toMs: 61_000 } })
    expect(fixed).toBe('#view=metrics&window=24h&from=1000&to=61000')
    expect(hashWithTime(fixed, { windowId: '30d', fixedRange: undefined })).toBe('#view=metrics&window=30d')
    expect(timeInAddress(fixed, fallback)).toEqual({ windowId: '24h', fixedRange: { fromMs: 1000, toMs: 61_000 } })
  })
})
