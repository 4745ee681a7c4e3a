// The metrics export's series picker: series grouped (CPU, memory, network, …) under human labels with their
// units, a box per group that chooses or clears the whole group, and select all / none for every series.
import { groupSeries } from '../../../../shared/series'

interface SeriesPickerProps {
  keys: readonly string[]
  chosen: ReadonlySet<string>
  onChange(chosen: ReadonlySet<string>): void
}

export function SeriesPicker({ keys, chosen, onChange }: SeriesPickerProps) {
  const setAll = (some: readonly string[], isChosen: boolean) =>
    onChange(isChosen ? new Set([...chosen, ...some]) : new Set([...chosen].filter((key) => !some.includes(key))))
  return (
    <div className="series-picker">
      <div className="series-picker-actions">
        <button type="button" className="button" onClick={() => setAll(keys, true)}>
          Select all
        </button>
        <button type="button" className="button" onClick={() => onChange(new Set())}>
          Select none
        </button>
      </div>
      <div className="export-series">
        {groupSeries(keys).map((group) => {
          const groupKeys = group.series.map((series) => series.key)
          const count = groupKeys.filter((key) => chosen.has(key)).length
          return (
            <fieldset key={group.label} className="series-group">
              <legend>
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={count === groupKeys.length}
                    onChange={(event) => setAll(groupKeys, event.target.checked)}
                  />
                  {group.label}{' '}
                  <span className="caption">
                    ({count}/{groupKeys.length})
                  </span>
                </label>
              </legend>
              {group.series.map((series) => (
                <label key={series.key} className="choice" title={series.key}>
                  <input
                    type="checkbox"
                    checked={chosen.has(series.key)}
                    onChange={(event) => setAll([series.key], event.target.checked)}
                  />
                  {series.label}
                </label>
              ))}
            </fieldset>
          )
        })}
      </div>
    </div>
  )
}
