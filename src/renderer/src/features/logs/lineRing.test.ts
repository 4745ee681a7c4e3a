import { describe, expect, it } from 'vitest'
import { appendToRing, clearRing, createLineRing, drainInto, ringAt, ringSize, ringSlice, spliceRing } from './lineRing'

const numbers = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index)

describe('the line ring', () => {
  it('keeps rows in the order they were appended', () => {
    const ring = createLineRing<number>(10)
    expect(appendToRing(ring, [1, 2])).toBe(0)
    appendToRing(ring, [3])
    expect(ringSize(ring)).toBe(3)
    expect(ringSlice(ring, 0)).toEqual([1, 2, 3])
    expect(ringAt(ring, 2)).toBe(3)
    expect(ringAt(ring, 3)).toBeUndefined()
    expect(ringAt(ring, -1)).toBeUndefined()
  })

  it('drops the oldest rows beyond its capacity and counts them', () => {
    const ring = createLineRing<number>(5)
    appendToRing(ring, numbers(0, 4))
    expect(appendToRing(ring, numbers(4, 3))).toBe(2)
    expect(ringSlice(ring, 0)).toEqual([2, 3, 4, 5, 6])
    expect(ring.droppedCount).toBe(2)
  })

  it('numbers rows from the first ever appended, so a row keeps its number as older ones drop', () => {
    const ring = createLineRing<string>(3)
    const byNumber = (number: number) => ringAt(ring, number - ring.droppedCount)
    appendToRing(ring, ['a', 'b', 'c'])
    expect(byNumber(1)).toBe('b')
    appendToRing(ring, ['d', 'e'])
    expect(byNumber(1)).toBeUndefined()
    expect(byNumber(3)).toBe('d')
    expect(byNumber(4)).toBe('e')
  })

  it('stays within twice its capacity however many rows pass through it, one at a time or in batches', () => {
    const ring = createLineRing<number>(100)
    for (let batch = 0; batch < 1000; batch += 1) {
      appendToRing(ring, numbers(batch * 7, 7))
      expect(ring.items.length).toBeLessThan(200)
    }
    expect(ringSlice(ring, 0)).toEqual(numbers(6900, 100))
    expect(ring.droppedCount).toBe(6900)
  })

  it('takes a batch larger than its capacity by keeping its newest rows', () => {
    const ring = createLineRing<number>(4)
    appendToRing(ring, [100, 101])
    expect(appendToRing(ring, numbers(0, 10))).toBe(8)
    expect(ringSlice(ring, 0)).toEqual([6, 7, 8, 9])
    expect(ring.droppedCount).toBe(8)
  })

  it('replaces a row in the middle with several, dropping from the front if that overflows', () => {
    const ring = createLineRing<string>(5)
    appendToRing(ring, ['a', 'b', 'marker', 'c'])
    expect(spliceRing(ring, 2, 1, ['x', 'y', 'z'])).toBe(1)
    expect(ringSlice(ring, 0)).toEqual(['b', 'x', 'y', 'z', 'c'])
    expect(ring.droppedCount).toBe(1)
  })

  it('replaces a row with many thousands without overflowing the call stack', () => {
    const ring = createLineRing<number>(500_000)
    appendToRing(ring, [-1, -2, -3])
    spliceRing(ring, 1, 1, numbers(0, 300_000))
    expect(ringSize(ring)).toBe(300_002)
    expect(ringAt(ring, 300_001)).toBe(-3)
  })

  it('moves rows held back (while paused) into the shown ring, with what they had dropped', () => {
    const shown = createLineRing<number>(5)
    const held = createLineRing<number>(3)
    appendToRing(shown, [1, 2, 3])
    appendToRing(held, [4, 5, 6, 7])
    expect(drainInto(shown, held)).toBe(2)
    // 1 made room in the shown ring; 4 had already made room in the held one.
    expect(ringSlice(shown, 0)).toEqual([2, 3, 5, 6, 7])
    expect(shown.droppedCount).toBe(2)
    expect(ringSize(held)).toBe(0)
    expect(held.droppedCount).toBe(0)
  })

  it('forgets everything when cleared', () => {
    const ring = createLineRing<number>(2)
    appendToRing(ring, [1, 2, 3])
    clearRing(ring)
    expect(ringSize(ring)).toBe(0)
    expect(ring.droppedCount).toBe(0)
  })
})
