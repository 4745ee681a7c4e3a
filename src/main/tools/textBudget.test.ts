// The size budget: an answer that fits is whole; one that does not is cut at a line and says so.
import { describe, expect, it } from 'vitest'
import { createTextBudget } from './textBudget'

describe('createTextBudget', () => {
  it('keeps every line of an answer that fits', () => {
    const out = createTextBudget(1024)
    expect(out.add('first')).toBe(true)
    expect(out.add('second')).toBe(true)
    expect(out.result('ask for less')).toEqual({ text: 'first\nsecond', isCut: false, isError: false })
  })

  it('cuts at a whole line, says so with the hint, and stays within the budget', () => {
    const out = createTextBudget(1024)
    let added = 0
    while (out.add(`line ${added} ${'x'.repeat(40)}`)) added += 1
    expect(out.isFull).toBe(true)
    expect(out.add('short')).toBe(false)
    const result = out.result('ask for a longer step')
    expect(result.isCut).toBe(true)
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(1024)
    expect(result.text.split('\n')).toHaveLength(added + 1)
    expect(result.text).toMatch(/\[cut here to fit 1 KB: ask for a longer step\]$/)
  })

  it('counts bytes, not characters', () => {
    const out = createTextBudget(1024)
    expect(out.add('é'.repeat(300))).toBe(true)
    expect(out.add('é'.repeat(150))).toBe(false)
  })
})
