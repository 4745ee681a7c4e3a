// Times and durations as the tools take and give them. A model names a moment as ISO 8601 or relative
// to now ("-15m", "-2h", "-7d", "now"), and a span as "30s", "5m", "1h"; answers give times as ISO 8601
// with this machine's UTC offset, and name its time zone once.
import { z } from 'zod'
import { VigilError } from '../../shared/errors'

const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }
const durationPattern = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/
/** ISO 8601 with a date; a time without a zone is read in this machine's zone. */
const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i

/** Milliseconds of a span such as "30s", "5m", "1.5h", "7d"; undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const match = durationPattern.exec(text.trim())
  return match ? Math.round(Number(match[1]) * unitMs[match[2]!]!) : undefined
}

/** Epoch ms of a moment: ISO 8601, "now", or a span before now ("-15m"); undefined when it is none of them. */
export function parseMoment(text: string, now: number): number | undefined {
  const trimmed = text.trim()
  if (trimmed.toLowerCase() === 'now') return now
  if (trimmed.startsWith('-')) {
    const span = parseDuration(trimmed.slice(1))
    return span === undefined ? undefined : now - span
  }
  if (!isoPattern.test(trimmed)) return undefined
  // A date alone is midnight here, not UTC (Date reads "2026-12-04" as UTC).
  const parsed = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00` : trimmed)
  return Number.isNaN(parsed) ? undefined : parsed
}

/** A moment argument of a tool's schema: checked when the arguments are, turned into epoch ms when run. */
export function momentSchema(name: string, note?: string) {
  return z
    .string()
    .refine((text) => parseMoment(text, Date.now()) !== undefined, {
      error: `${name} must be ISO 8601 (2026-12-04T14:03:00+01:00) or relative to now (-15m, -2h, -7d, now)`,
    })
    .describe(
      `${note ? `${name} (${note})` : name}: ISO 8601 (2026-12-04T14:03:00+01:00; without an offset, this machine's time zone) or relative to now (-15m, -2h, -7d, now)`,
    )
}

/** A span argument ("30s", "5m", "1h"). */
export function durationSchema(name: string, note?: string) {
  return z
    .string()
    .refine((text) => parseDuration(text) !== undefined, {
      error: `${name} must be a number and a unit: 30s, 5m, 1h, 1d`,
    })
    .describe(`${note ? `${name} (${note})` : name}: a number and a unit (s, m, h, d, w), e.g. 30s, 5m, 1h`)
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

/** ISO 8601 in this machine's time zone, to the second, with its UTC offset: 2026-12-04T14:03:00+01:00. */
export function formatMoment(ms: number): string {
  const date = new Date(ms)
  const offsetMinutes = -date.getTimezoneOffset()
  const sign = offsetMinutes < 0 ? '-' : '+'
  const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${offset}`
  )
}

/** The machine's time zone, as answers name it: "Europe/Berlin". */
export function timeZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time'
}

/** A span in words for headers: "30 s", "5 min", "2 h", "1 d". */
export function formatSpan(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`
  if (ms % 60_000 === 0) return `${ms / 60_000} min`
  return `${Math.round(ms / 100) / 10} s`
}

/** The longest range a tool reads: the recorder keeps minute aggregates this long. */
const maxRangeDays = 400

/** A checked range from two moment arguments (already valid ISO or relative times). */
export function resolveRange(args: { from: string; to: string }, now: number): { from: number; to: number } {
  const from = parseMoment(args.from, now)!
  const to = parseMoment(args.to, now)!
  if (to <= from)
    throw new VigilError('bad_request', `to (${formatMoment(to)}) must be later than from (${formatMoment(from)})`)
  if (to - from > maxRangeDays * 86_400_000)
    throw new VigilError('bad_request', `the range must not be longer than ${maxRangeDays} days`)
  return { from, to }
}

/** The header line every answer over a range starts with. */
export function rangeHeader(from: number, to: number): string {
  return `from ${formatMoment(from)} to ${formatMoment(to)} (time zone ${timeZoneName()}; times are ISO 8601 with the UTC offset)`
}
