// The CSV options: delimiter, header row, a byte order mark for Excel, and how times are written.
import type { CsvDelimiter, CsvOptions, TimestampStyle } from '../../../../shared/export'
import { SelectField } from './ChoiceFields'

const delimiters = [
  ['comma', 'Comma'],
  ['semicolon', 'Semicolon'],
  ['tab', 'Tab'],
] as const satisfies readonly (readonly [CsvDelimiter, string])[]

const timestampStyles = [
  ['iso-epoch', 'ISO 8601 UTC and epoch ms'],
  ['iso', 'ISO 8601 UTC'],
  ['local', 'Local time'],
  ['epoch', 'Epoch ms'],
] as const satisfies readonly (readonly [TimestampStyle, string])[]

export function CsvOptionsFields({ options, onChange }: { options: CsvOptions; onChange(options: CsvOptions): void }) {
  return (
    <fieldset className="export-fieldset">
      <legend>CSV</legend>
      <SelectField
        label="Delimiter"
        value={options.delimiter}
        choices={delimiters}
        onChange={(delimiter) => onChange({ ...options, delimiter })}
      />
      <SelectField
        label="Timestamps"
        value={options.timestamps}
        choices={timestampStyles}
        onChange={(timestamps) => onChange({ ...options, timestamps })}
      />
      <label className="choice">
        <input
          type="checkbox"
          checked={options.header}
          onChange={(event) => onChange({ ...options, header: event.target.checked })}
        />
        Header row
      </label>
      <label
        className="choice"
        title="Excel needs it to read UTF-8 text right; other programs may show it as a stray character"
      >
        <input
          type="checkbox"
          checked={options.bom}
          onChange={(event) => onChange({ ...options, bom: event.target.checked })}
        />
        UTF-8 byte order mark (for Excel)
      </label>
    </fieldset>
  )
}
