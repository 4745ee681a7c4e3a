// query_metric: recorded metric series over a range, one row per step (average, min and max of the
// samples in it), after a summary line per series (average, and the highest value with its time).
import { z } from 'zod'
import { VigilError } from '../../shared/errors'
import { recorderLimits } from '../../shared/recorder'
import { describeSeries, type SeriesUnit } from '../../shared/series'
import { formatValue } from '../../shared/format'
import type { RecorderReader } from '../recorder'
import { defineTool, type Tool } from './toolBox'
import {
  durationSchema,
  formatMoment,
  formatSpan,
  momentSchema,
  parseDuration,
  rangeHeader,
  resolveRange,
} from './toolTime'

/** Rows of an answer when no step is asked for: a chart's worth, and within the text budget. */
const defaultRows = 120
const maxMetrics = 8

/** How a column shows its unit: a fixed scale per column keeps the rows short. */
const columnScale: Record<SeriesUnit, { unit: string; divisor: number; digits: number }> = {
  pct: { unit: '%', divisor: 1, digits: 1 },
  bytes: { unit: 'MiB', divisor: 1024 ** 2, digits: 1 },
  bytes_per_s: { unit: 'KiB/s', divisor: 1024, digits: 1 },
  load: { unit: 'load', divisor: 1, digits: 2 },
  mhz: { unit: 'MHz', divisor: 1, digits: 0 },
  celsius: { unit: '°C', divisor: 1, digits: 1 },
  seconds: { unit: 's', divisor: 1, digits: 0 },
  flag: { unit: '0/1', divisor: 1, digits: 0 },
  lines_per_s: { unit: 'lines/s', divisor: 1, digits: 1 },
}

const schema = z.strictObject({
  metrics: z
    .array(z.string().min(1).max(200))
    .min(1, 'metrics must name at least one series')
    .max(maxMetrics, `metrics must name at most ${maxMetrics} series`)
    .describe('Series keys, e.g. ["cpu_total_pct", "mem_used_bytes"]; the description lists the recorded ones'),
  from: momentSchema('from').default('-1h'),
  to: momentSchema('to').default('now'),
  step: durationSchema('step', 'one row per step; omitted: about 120 rows').optional(),
})

/** The recorded keys, shortened for a description: per-core keys once as core<N>_… with N's range. */
export function summarizeKeys(keys: readonly string[]): string {
  const coreNumbers = new Set<number>()
  const shown = new Set<string>()
  for (const key of keys) {
    const core = /^core(\d+)_(.+)$/.exec(key)
    if (core) {
      coreNumbers.add(Number(core[1]))
      shown.add(`core<N>_${core[2]}`)
    } else shown.add(key)
  }
  const coreNote = coreNumbers.size > 0 ? ` (N from 0 to ${Math.max(...coreNumbers)})` : ''
  return [...shown].join(', ') + coreNote
}

function scaled(value: number | null | undefined, unit: SeriesUnit): string {
  if (value === null || value === undefined) return '–'
  const { divisor, digits } = columnScale[unit]
  return (value / divisor).toFixed(digits)
}

export function createMetricTool(recorder: Pick<RecorderReader, 'series' | 'seriesKeys'>): Tool {
  return defineTool({
    name: 'query_metric',
    description: () =>
      'Recorded metric series of this machine over a time range, one row per step: the average of the samples ' +
      'in the step and [min–max]. Starts with a summary per series (average, highest value and when). Units ' +
      'are in the key names (_pct percent, _bytes bytes shown in MiB, _bytes_per_s shown in KiB/s, load_ load ' +
      `averages, _mhz, _celsius). Series recorded now: ${summarizeKeys(recorder.seriesKeys()) || 'none yet'}.`,
    schema,
    cutHint: 'ask for a longer step, a shorter range or fewer metrics',
    async run(args, out, { now }) {
      const { from, to } = resolveRange(args, now)
      const recorded = new Set(recorder.seriesKeys())
      const keys = [...new Set(args.metrics)]
      const unknown = keys.filter((key) => !recorded.has(key) || !describeSeries(key))
      if (unknown.length > 0)
        throw new VigilError(
          'bad_request',
          `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not recorded here; the recorded series are: ${summarizeKeys([...recorded])}`,
        )
      const stepMs = args.step === undefined ? undefined : parseDuration(args.step)!
      if (stepMs !== undefined && (stepMs < 1000 || stepMs % 1000 !== 0))
        throw new VigilError('bad_request', 'step must be a whole number of seconds, at least 1s')
      const range = recorder.series({
        from,
        to,
        keys,
        maxPoints: stepMs === undefined ? defaultRows : recorderLimits.maxPoints,
        stepSeconds: stepMs === undefined ? undefined : stepMs / 1000,
      })
      const infos = keys.map((key) => ({ key, unit: describeSeries(key)!.unit, label: describeSeries(key)!.label }))
      out.add(`Metrics ${rangeHeader(from, to)}.`)
      out.add(
        range.min
          ? `One row per ${formatSpan(range.stepSeconds * 1000)} step: average [min–max] of the samples in the step; a step without samples has no row.`
          : 'One row per sample; a time without a sample has no row.',
      )
      if (range.t.length === 0) {
        out.add('No samples were recorded in this range.')
        return
      }
      for (const { key, unit, label } of infos) {
        const values = range.values[key] ?? []
        const highs = range.max?.[key] ?? values
        let sum = 0
        let count = 0
        let peak = -Infinity
        let peakAt = 0
        values.forEach((value, index) => {
          if (value === null) return
          sum += value
          count += 1
          const high = highs[index] ?? value
          if (high > peak) [peak, peakAt] = [high, range.t[index]!]
        })
        out.add(
          count === 0
            ? `${key} (${label}): no values in this range.`
            : `${key} (${label}): average ${formatValue(sum / count, unit)}, highest ${formatValue(peak, unit)} in the step at ${formatMoment(peakAt)}.`,
        )
      }
      out.add(`time | ${infos.map(({ key, unit }) => `${key} (${columnScale[unit].unit})`).join(' | ')}`)
      for (let index = 0; index < range.t.length; index += 1) {
        const cells = infos.map(({ key, unit }) => {
          const value = scaled(range.values[key]?.[index], unit)
          return range.min
            ? `${value} [${scaled(range.min[key]?.[index], unit)}–${scaled(range.max?.[key]?.[index], unit)}]`
            : value
        })
        if (!out.add(`${formatMoment(range.t[index]!)} | ${cells.join(' | ')}`)) return
      }
    },
  })
}
