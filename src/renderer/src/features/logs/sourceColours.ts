// Each log source's colour, one of the chart series colours of styles.css, kept for the source's lifetime:
// a source takes the first colour no other source holds when it first appears and keeps it until it is
// removed, so removing one source never recolours the others. Remembered in localStorage, so a reload shows
// the same colours.

/** The series colours of styles.css (`--series-1` to `--series-8`). */
const colourCount = 8
const storageKey = 'vigil.logs.sourceColours'

/** A colour slot (0 to 7) per source id. */
export type ColourSlots = Readonly<Record<string, number>>

/**
 * The slots for the sources `ids`: those that had one keep it, the others take the first slot held by no
 * source (or, with more sources than colours, the least used); slots of sources that are gone are freed.
 */
export function assignColours(previous: ColourSlots, ids: readonly string[]): ColourSlots {
  const slots: Record<string, number> = {}
  for (const id of ids) if (previous[id] !== undefined) slots[id] = previous[id]
  for (const id of ids) {
    if (slots[id] !== undefined) continue
    const uses = new Array<number>(colourCount).fill(0)
    for (const slot of Object.values(slots)) uses[slot] = (uses[slot] ?? 0) + 1
    slots[id] = uses.indexOf(Math.min(...uses))
  }
  return slots
}

/** The CSS colour of the source `id`. */
export function sourceColour(slots: ColourSlots, id: string): string {
  return `var(--series-${(slots[id] ?? 0) + 1})`
}

export function loadColourSlots(): ColourSlots {
  try {
    const saved: unknown = JSON.parse(globalThis.localStorage?.getItem(storageKey) ?? '{}')
    if (typeof saved !== 'object' || saved === null) return {}
    return Object.fromEntries(
      Object.entries(saved).filter(
        (entry): entry is [string, number] => Number.isInteger(entry[1]) && entry[1] >= 0 && entry[1] < colourCount,
      ),
    )
  } catch {
    // Unreadable (edited by hand, or from a newer Vigil): the sources take new colours.
    return {}
  }
}

export function saveColourSlots(slots: ColourSlots): void {
  globalThis.localStorage?.setItem(storageKey, JSON.stringify(slots))
}
