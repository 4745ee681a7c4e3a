// Times in datetime-local inputs (local time, to the minute), both ways: what a range's fields show, and the
// range they name, or a sentence saying what is wrong with them. Used by every form that takes a range.

/** The span of datetime-local inputs (local time), or a sentence saying what is wrong with it. */
export function customSpan(custom: { from: string; to: string }): { fromMs: number; toMs: number } | string {
  const fromMs = new Date(custom.from).getTime()
  const toMs = new Date(custom.to).getTime()
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return 'Give the start and the end of the range.'
  if (fromMs > toMs) return 'The start of the range must not be after its end.'
  return { fromMs, toMs }
}

/** A time as a datetime-local input shows it: local time, to the minute ("2026-11-24T10:15"). */
export function toLocalInput(timeMs: number): string {
  const at = new Date(timeMs)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`
}
