// Number formatting shared by the UI, alert messages and summaries: binary prefixes for bytes, "/s" for
// rates, fixed precision for percentages.
import type { SeriesUnit } from './series'

const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–'
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= 1024 && unit < binaryUnits.length - 1) {
    value /= 1024
    unit += 1
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2
  return `${bytes < 0 ? '-' : ''}${value.toFixed(digits)} ${binaryUnits[unit]}`
}

export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return '–'
  return `${percent.toFixed(1)} %`
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–'
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor((seconds % 86_400) / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  if (days > 0) return `${days} d ${hours} h`
  if (hours > 0) return `${hours} h ${minutes} min`
  if (minutes > 0) return `${minutes} min ${Math.floor(seconds % 60)} s`
  return `${Math.floor(seconds)} s`
}

/** Lines a second: whole from 10 up, two significant digits under (an average over a minute is often a fraction). */
export function formatLineRate(linesPerSecond: number): string {
  return linesPerSecond >= 10 ? String(Math.round(linesPerSecond)) : String(Number(linesPerSecond.toPrecision(2)))
}

/** A value of a series in its unit, as a person reads it. */
export function formatValue(value: number, unit: SeriesUnit): string {
  if (!Number.isFinite(value)) return '–'
  switch (unit) {
    case 'pct':
      return formatPercent(value)
    case 'bytes':
      return formatBytes(value)
    case 'bytes_per_s':
      return `${formatBytes(value)}/s`
    case 'load':
      return value.toFixed(2)
    case 'mhz':
      return `${Math.round(value)} MHz`
    case 'celsius':
      return `${value.toFixed(1)} °C`
    case 'seconds':
      return formatDuration(value)
    case 'flag':
      return value ? 'yes' : 'no'
    case 'lines_per_s':
      return `${formatLineRate(value)} lines/s`
  }
}
