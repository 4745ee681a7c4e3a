// One of a few string values, chosen from a drop-down or a row of pressed/unpressed buttons (the app's
// segmented control).
interface ChoiceProps<T extends string> {
  label: string
  value: T
  choices: readonly (readonly [value: T, label: string])[]
  onChange(value: T): void
}

export function SelectField<T extends string>({ label, value, choices, onChange }: ChoiceProps<T>) {
  return (
    <label className="export-field">
      <span>{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value as T)}>
        {choices.map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}

export function SegmentedChoice<T extends string>({ label, value, choices, onChange }: ChoiceProps<T>) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {choices.map(([choice, text]) => (
        <button key={choice} type="button" aria-pressed={choice === value} onClick={() => onChange(choice)}>
          {text}
        </button>
      ))}
    </div>
  )
}
