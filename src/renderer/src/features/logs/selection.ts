// Which rows are selected: one contiguous range of row numbers (see lineRing.ts), from the row first
// clicked (the anchor) to the row clicked last. A click selects one row, or clears it when it is the only
// one selected; a shift-click stretches the range from the anchor. Pure: no DOM, no React.

export interface Selection {
  anchor: number
  focus: number
}

export function clickRow(
  selection: Selection | undefined,
  number: number,
  isExtending: boolean,
): Selection | undefined {
  if (isExtending && selection) return { anchor: selection.anchor, focus: number }
  if (selection && selection.anchor === number && selection.focus === number) return undefined
  return { anchor: number, focus: number }
}

/** The first and last selected row numbers. */
export function selectionBounds(selection: Selection): [number, number] {
  return selection.anchor <= selection.focus ? [selection.anchor, selection.focus] : [selection.focus, selection.anchor]
}

export function isRowSelected(selection: Selection | undefined, number: number): boolean {
  if (!selection) return false
  const [first, last] = selectionBounds(selection)
  return number >= first && number <= last
}

/**
 * The selection limited to the rows still held (numbers from `firstHeld` up to, not including, `endHeld`),
 * or undefined when none of its rows is left.
 */
export function heldSelection(
  selection: Selection | undefined,
  firstHeld: number,
  endHeld: number,
): [number, number] | undefined {
  if (!selection) return undefined
  const [first, last] = selectionBounds(selection)
  const from = Math.max(first, firstHeld)
  const to = Math.min(last, endHeld - 1)
  return from <= to ? [from, to] : undefined
}
