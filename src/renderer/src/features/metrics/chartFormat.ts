// Number and time formatting for charts and the machine header: short axis ticks in the series' unit,
// byte scales that step by powers of two (so ticks read "512 MiB", not "488 MiB"), and a ticking uptime.
import { timeFormat, type TimeFormat } from '../../lib/timeFormat'
import { formatBytes, formatValue } from '../../../../shared/format'
import type { SeriesUnit } from '../../../../shared/series'

/** "1.50 GiB" → "1.5 GiB": ticks drop the trailing zeros the fixed precision of formatBytes adds. */
function trimZeros(text: string): string {
  const [number, ...rest] = text.split(' ')
  return [String(Number(number)), ...rest].join(' ')
}

export function formatAxisTick(value: number, unit: SeriesUnit): string {
  switch (unit) {
    case 'pct':
      return `${Math.round(value)} %`
    case 'bytes':
      return trimZeros(formatBytes(value))
    case 'bytes_per_s':
      return `${trimZeros(formatBytes(value))}/s`
    case 'load':
      return String(Number(value.toFixed(2)))
    case 'celsius':
      return `${Math.round(value)} °C`
    case 'mhz':
      return `${Math.round(value)} MHz`
    default:
      return formatValue(value, unit)
  }
}

/** Tick steps for byte axes: 1, 2, 4 … 512 of each binary unit, from bytes to TiB. */
export const binaryIncrements: number[] = Array.from({ length: 5 }, (_, power) =>
  Array.from({ length: 10 }, (_, doubling) => 2 ** doubling * 1024 ** power),
).flat()

function twoDigits(value: number): string {
  return String(value).padStart(2, '0')
}

/** "3 d 04:05:06", or "04:05:06" under a day. */
export function formatUptime(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return '–'
  const totalSeconds = Math.floor(milliseconds / 1000)
  const days = Math.floor(totalSeconds / 86_400)
  const clock = [Math.floor((totalSeconds % 86_400) / 3600), Math.floor((totalSeconds % 3600) / 60), totalSeconds % 60]
    .map(twoDigits)
    .join(':')
  return days > 0 ? `${days} d ${clock}` : clock
}

/** Time-axis ticks in the one time format, with seconds only when ticks are less than a minute apart. */
export function formatTimeTick(epochMs: number, stepMs: number, format: TimeFormat = timeFormat): string {
  return stepMs < 60_000 ? format.clock(epochMs) : format.clockMinutes(epochMs)
}
