// The From and To fields of a range (datetime-local inputs: local time, to the minute), for every form that
// takes one. The values are the inputs' own strings; lib/localTimeInput.ts turns them into times.

export interface RangeFieldValues {
  from: string
  to: string
}

export function RangeFields({
  value,
  onChange,
  className,
}: {
  value: RangeFieldValues
  onChange(value: RangeFieldValues): void
  /** The class of each field's label. */
  className?: string
}) {
  return (
    <>
      <label className={className}>
        <span>From</span>
        <input
          type="datetime-local"
          value={value.from}
          onChange={(event) => onChange({ ...value, from: event.target.value })}
        />
      </label>
      <label className={className}>
        <span>To</span>
        <input
          type="datetime-local"
          value={value.to}
          onChange={(event) => onChange({ ...value, to: event.target.value })}
        />
      </label>
    </>
  )
}
