// The Exports form for metrics: the range (a window up to now, or from and to), the series (all the core
// sends, or a chosen few) and the resolution (every 1 s sample, or 1 min min/avg/max).
import { useState, type ReactNode } from 'react'
import type { CsvOptions, MetricsResolution } from '../../../../shared/export'
import { metricsExport, timeWindows, useMetricsStore } from '../metrics'
import type { ExportChoices, MetricsRangeChoice } from './exportChoices'
import { RangeFields } from '../../components/RangeFields'
import { customSpan, toLocalInput } from '../../lib/localTimeInput'
import { spanOfChoice } from './exportRequests'
import { SegmentedChoice } from './ChoiceFields'
import { SeriesPicker } from './SeriesPicker'
import { StartExportButton } from './StartExportButton'

const rangeChoices: readonly (readonly [MetricsRangeChoice, string])[] = [
  ...timeWindows.map((window) => [window.id, `Last ${window.label}`] as const),
  ['custom', 'From … to'],
]

const resolutions = [
  ['raw', '1 s samples'],
  ['minute', '1 min min/avg/max'],
] as const satisfies readonly (readonly [MetricsResolution, string])[]

const hourMs = 3_600_000

interface MetricsExportFieldsProps {
  choices: ExportChoices
  onChange(change: Partial<ExportChoices>): void
  csv: CsvOptions
  /** The CSV options' fields, shown before the start button. */
  children: ReactNode
}

export function MetricsExportFields({ choices, onChange, csv, children }: MetricsExportFieldsProps) {
  const keys = useMetricsStore((state) => state.keys)
  const [custom, setCustom] = useState(() => ({
    from: toLocalInput(Date.now() - hourMs),
    to: toLocalInput(Date.now()),
  }))
  const [isChoosingSeries, setIsChoosingSeries] = useState(false)
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const series = isChoosingSeries ? keys.filter((key) => chosen.has(key)) : keys
  const span = choices.metricsRange === 'custom' ? customSpan(custom) : undefined
  const problem =
    typeof span === 'string'
      ? span
      : series.length === 0
        ? keys.length === 0
          ? 'No series yet: the Metrics view lists them once samples arrive.'
          : 'Choose at least one series.'
        : undefined

  // The span again at the click: "the last 15 min" ends now, not when the form was drawn.
  const make = () => {
    const at = spanOfChoice(choices.metricsRange, Date.now(), custom)
    return typeof at === 'string' ? at : { ...metricsExport(at, series, choices.resolution), csv }
  }
  // Choosing starts from every series, so "Only these" never opens on an empty choice.
  const startChoosing = () => {
    if (chosen.size === 0) setChosen(new Set(keys))
    setIsChoosingSeries(true)
  }

  return (
    <>
      <fieldset className="export-fieldset">
        <legend>Range</legend>
        <SegmentedChoice
          label="Range"
          value={choices.metricsRange}
          choices={rangeChoices}
          onChange={(metricsRange) => onChange({ metricsRange })}
        />
        {choices.metricsRange === 'custom' && (
          <div className="export-row">
            <RangeFields className="export-field" value={custom} onChange={setCustom} />
          </div>
        )}
        <SegmentedChoice
          label="Resolution"
          value={choices.resolution}
          choices={resolutions}
          onChange={(resolution) => onChange({ resolution })}
        />
        <p className="caption">
          One-second samples reach back as far as the recorder keeps them (Settings → Recorder, 7 days unless changed);
          minutes, 400 days.
        </p>
      </fieldset>
      <fieldset className="export-fieldset">
        <legend>Series</legend>
        <label className="choice">
          <input
            type="radio"
            name="export-series"
            checked={!isChoosingSeries}
            onChange={() => setIsChoosingSeries(false)}
          />
          All {keys.length} series
        </label>
        <label className="choice">
          <input type="radio" name="export-series" checked={isChoosingSeries} onChange={startChoosing} />
          Only these ({series.length} chosen):
        </label>
        {isChoosingSeries && <SeriesPicker keys={keys} chosen={chosen} onChange={setChosen} />}
      </fieldset>
      {children}
      <StartExportButton problem={problem} make={make} />
    </>
  )
}
