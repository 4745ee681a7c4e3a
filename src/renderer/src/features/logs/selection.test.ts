import { describe, expect, it } from 'vitest'
import { clickRow, heldSelection, isRowSelected, selectionBounds } from './selection'

describe('selecting rows', () => {
  it('selects the row clicked, and clears it when it is clicked again alone', () => {
    const one = clickRow(undefined, 7, false)
    expect(one).toEqual({ anchor: 7, focus: 7 })
    expect(clickRow(one, 7, false)).toBeUndefined()
    expect(clickRow(one, 9, false)).toEqual({ anchor: 9, focus: 9 })
  })

  it('stretches from the first row clicked to a shift-clicked one, in either direction', () => {
    const range = clickRow(clickRow(undefined, 10, false), 14, true)!
    expect(selectionBounds(range)).toEqual([10, 14])
    const back = clickRow(range, 4, true)!
    expect(selectionBounds(back)).toEqual([4, 10])
    expect([3, 4, 10, 11].map((number) => isRowSelected(back, number))).toEqual([false, true, true, false])
  })

  it('starts a new selection on a shift-click with nothing selected', () => {
    expect(clickRow(undefined, 5, true)).toEqual({ anchor: 5, focus: 5 })
    expect(isRowSelected(undefined, 5)).toBe(false)
  })

  it('keeps only the rows still held', () => {
    const range = { anchor: 20, focus: 5 }
    expect(heldSelection(range, 10, 100)).toEqual([10, 20])
    expect(heldSelection(range, 0, 8)).toEqual([5, 7])
    expect(heldSelection(range, 30, 100)).toBeUndefined()
    expect(heldSelection(undefined, 0, 100)).toBeUndefined()
  })
})
