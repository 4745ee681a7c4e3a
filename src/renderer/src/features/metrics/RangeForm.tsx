// "Range…": a range typed in (from and to, local time, to the minute), shown on every chart. The fields open
// on the range on screen; a range that cannot be shown says why and is not applied.
import { useState, type FormEvent } from 'react'
import { RangeFields } from '../../components/RangeFields'
import { customSpan, toLocalInput } from '../../lib/localTimeInput'
import { ErrorNote } from '../../components/ErrorNote'
import { showRange, visibleRange } from './metricsStore'

export function RangeForm({ onDone }: { onDone(): void }) {
  const [fields, setFields] = useState(() => {
    const { fromMs, toMs } = visibleRange()
    return { from: toLocalInput(fromMs), to: toLocalInput(toMs) }
  })
  const [problem, setProblem] = useState<string | undefined>()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const span = customSpan(fields)
    if (typeof span === 'string') return setProblem(span)
    if (span.fromMs === span.toMs) return setProblem('The end of the range must be after its start.')
    if (span.fromMs >= Date.now()) return setProblem('The range must start before now.')
    showRange(span)
    onDone()
  }

  return (
    <form className="range-form card" aria-label="Show a range" onSubmit={submit}>
      <RangeFields value={fields} onChange={setFields} />
      <button type="submit" className="button button-primary">
        Show range
      </button>
      <button type="button" className="button" onClick={onDone}>
        Cancel
      </button>
      <ErrorNote message={problem} />
    </form>
  )
}
