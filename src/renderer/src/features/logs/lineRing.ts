// The rows the viewer holds: an array with a start index, so appending is a push and dropping the oldest
// is moving the start, never a shift of the whole array. The dead head is cut off once it is as long as
// the capacity, so each row is copied at most once more and memory stays within twice the capacity.
// Row numbers count from the first row ever appended: a row keeps its number while older rows drop off,
// which lets React keys and the selection follow it. Pure: no DOM, no React.

export interface LineRing<T> {
  readonly capacity: number
  items: T[]
  /** Index in `items` of the oldest row still held. */
  start: number
  /** Rows dropped off the front since the ring was created or cleared. */
  droppedCount: number
}

export function createLineRing<T>(capacity: number): LineRing<T> {
  return { capacity, items: [], start: 0, droppedCount: 0 }
}

export function ringSize(ring: LineRing<unknown>): number {
  return ring.items.length - ring.start
}

/** The row at `index`, counted from the oldest row held. */
export function ringAt<T>(ring: LineRing<T>, index: number): T | undefined {
  return index >= 0 && index < ringSize(ring) ? ring.items[ring.start + index] : undefined
}

export function ringSlice<T>(ring: LineRing<T>, fromIndex: number, toIndex = ringSize(ring)): T[] {
  const from = Math.max(0, fromIndex)
  const to = Math.min(ringSize(ring), toIndex)
  return from < to ? ring.items.slice(ring.start + from, ring.start + to) : []
}

function dropOverflow(ring: LineRing<unknown>): number {
  const overflow = Math.max(0, ringSize(ring) - ring.capacity)
  ring.start += overflow
  ring.droppedCount += overflow
  if (ring.start >= ring.capacity) {
    ring.items = ring.items.slice(ring.start)
    ring.start = 0
  }
  return overflow
}

/** Appends rows in order; returns how many of the oldest rows dropped off to make room. */
export function appendToRing<T>(ring: LineRing<T>, rows: readonly T[]): number {
  if (rows.length >= ring.capacity) {
    // Only the newest `capacity` rows can stay: skip copying the others.
    const skipped = rows.length - ring.capacity
    const dropped = ringSize(ring) + skipped
    ring.items = rows.slice(skipped)
    ring.start = 0
    ring.droppedCount += dropped
    return dropped
  }
  for (const row of rows) ring.items.push(row)
  return dropOverflow(ring)
}

/**
 * Replaces `deleteCount` rows at `index` with `rows` (a rare edit: it copies the ring). Row numbers after
 * the edit shift, and rows may drop off the front; returns how many did.
 */
export function spliceRing<T>(ring: LineRing<T>, index: number, deleteCount: number, rows: readonly T[]): number {
  const held = ring.items
  const at = ring.start + index
  // concat, not splice(...rows): spreading tens of thousands of arguments overflows the stack.
  ring.items = held.slice(ring.start, at).concat(rows, held.slice(at + deleteCount))
  ring.start = 0
  return dropOverflow(ring)
}

/** Moves every row of `from` to the end of `to`, counting what `from` had already dropped as dropped. */
export function drainInto<T>(to: LineRing<T>, from: LineRing<T>): number {
  const dropped = appendToRing(to, ringSlice(from, 0)) + from.droppedCount
  to.droppedCount += from.droppedCount
  clearRing(from)
  return dropped
}

export function clearRing(ring: LineRing<unknown>): void {
  ring.items = []
  ring.start = 0
  ring.droppedCount = 0
}
