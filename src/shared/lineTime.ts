// The moment a log line's timestamp names: a click on it shows that moment on the charts, and the log export
// writes it in the chosen time format. ISO 8601 (with or without a zone: none means local time), syslog (no
// year: this year, or last year when that would be in the future) and common-log timestamps; anything else
// has no moment.
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const isoPattern = /^\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|\s?[+-]\d{2}:?\d{2})?\]?$/
const syslogPattern = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})$/
const commonLogPattern = /^\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\]$/

function isoTime(match: RegExpExecArray): number {
  const [, day, clock, fraction, zone] = match
  const milliseconds = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : ''
  const offset = zone?.trim().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') ?? ''
  return Date.parse(`${day}T${clock}${milliseconds}${offset}`)
}

function syslogTime(match: RegExpExecArray, now: number): number | undefined {
  const [, month, day, hours, minutes, seconds] = match
  const monthIndex = months.indexOf(month!)
  if (monthIndex === -1) return undefined
  const year = new Date(now).getFullYear()
  const at = (inYear: number) =>
    new Date(inYear, monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds)).getTime()
  // A syslog line of late December read in January is from last year.
  const inThisYear = at(year)
  return inThisYear > now + 86_400_000 ? at(year - 1) : inThisYear
}

function commonLogTime(match: RegExpExecArray): number | undefined {
  const [, day, month, year, hours, minutes, seconds, sign, offsetHours, offsetMinutes] = match
  const monthIndex = months.indexOf(month!)
  if (monthIndex === -1) return undefined
  const utc = Date.UTC(Number(year), monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds))
  const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000
  return sign === '+' ? utc - offsetMs : utc + offsetMs
}

/** The epoch ms of the timestamp at [start, end) of the text, or undefined when it names no moment. */
export function lineTime(text: string, timestamp: [number, number] | undefined, now = Date.now()): number | undefined {
  if (!timestamp) return undefined
  const stamp = text.slice(timestamp[0], timestamp[1])
  const iso = isoPattern.exec(stamp)
  const syslog = iso ? null : syslogPattern.exec(stamp)
  const commonLog = iso || syslog ? null : commonLogPattern.exec(stamp)
  const time = iso ? isoTime(iso) : syslog ? syslogTime(syslog, now) : commonLog ? commonLogTime(commonLog) : undefined
  return time === undefined || Number.isNaN(time) ? undefined : time
}
