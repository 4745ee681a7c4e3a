// One way to write times everywhere in the UI: the system's locale, with its own 12- or 24-hour clock
// (Intl's defaults: the desktop app's locale is the system's, a browser's is its user's). Every view
// writes clock times, dates and chart ticks through these, so one screen never mixes "17:50" and "5:50 PM".

export interface TimeFormat {
  /** A clock time with seconds: "17:50:53" or "5:50:53 PM". */
  clock(epochMs: number): string
  /** A clock time to the minute: "17:50" or "5:50 PM". */
  clockMinutes(epochMs: number): string
  /** A day and a clock time with seconds: "Dec 3, 17:50:53". */
  dateTime(epochMs: number): string
  /** A day and a clock time to the minute: "Dec 3, 17:50". */
  dateTimeMinutes(epochMs: number): string
}

/** The formats of a locale; undefined means the system's. */
export function createTimeFormat(locale?: string): TimeFormat {
  const clock = { hour: 'numeric', minute: '2-digit', second: '2-digit' } as const
  const day = { month: 'short', day: 'numeric' } as const
  const formats = {
    clock: new Intl.DateTimeFormat(locale, clock),
    clockMinutes: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }),
    dateTime: new Intl.DateTimeFormat(locale, { ...day, ...clock }),
    dateTimeMinutes: new Intl.DateTimeFormat(locale, { ...day, hour: 'numeric', minute: '2-digit' }),
  }
  return {
    clock: (epochMs) => formats.clock.format(epochMs),
    clockMinutes: (epochMs) => formats.clockMinutes.format(epochMs),
    dateTime: (epochMs) => formats.dateTime.format(epochMs),
    dateTimeMinutes: (epochMs) => formats.dateTimeMinutes.format(epochMs),
  }
}

/** The system's formats, which the views use. */
export const timeFormat = createTimeFormat()
