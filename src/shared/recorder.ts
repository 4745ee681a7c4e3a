// The recorder on the wire: its routes, what its queries answer, and the limits that bound them. Every
// query names a closed range [from, to] in epoch ms; answers never hold invented rows: a time with no
// sample has no row, and a client breaks its lines where time jumps.
import { z } from 'zod'
import type { LogLevelName } from './logs'
import { describeSeries } from './series'

export const recorderRoutes = {
  /** GET: recording, paused or failed, with the reason, the disk used and the range held. */
  status: '/api/recorder/status',
  /** POST: deletes every recorded row (the database stays) and records a `cleared` mark; answers the status. */
  clear: '/api/recorder/clear',
  /** GET ?from&to&keys=a,b[&maxPoints][&stepSeconds]: series over a range, at most maxPoints rows. */
  series: '/api/recorder/series',
  /** GET ?at= (the snapshot at that moment) or ?from&to[&limit] (the snapshots over a range). */
  processes: '/api/recorder/processes',
  /** GET ?from&to[&source][&maxPoints]: lines per level and source, per step (the newest seconds too, before they are written). */
  logActivity: '/api/recorder/log-activity',
  /** GET ?from&to[&limit]: marks and alert episodes over a range. */
  events: '/api/recorder/events',
  /** GET ?at[&seconds]: one moment (the time cursor): processes, log lines around it, open alerts, marks. */
  moment: '/api/recorder/moment',
  /** GET ?from&to[&keys=a,b]: a window summed up (series, top processes, log activity and lines, alerts, marks). */
  summary: '/api/recorder/summary',
} as const

/** The recorder's settings (kept with the user's settings): how long the seconds are kept, and whether command lines are. */
export const recorderRetention = { defaultDays: 7, minDays: 1, maxDays: 30 } as const

export const recorderLimits = {
  /** The longest range any query may name: the minute aggregates' retention. */
  maxRangeDays: 400,
  maxKeys: 64,
  maxPoints: 10_000,
  defaultMaxPoints: 1000,
  /** Decoded values (samples × series, or minutes × series) one series query may touch. */
  seriesCellBudget: 4_000_000,
  /** Rows of log activity (seconds × sources) one query may read. */
  logRowBudget: 200_000,
  maxListLimit: 1000,
  defaultListLimit: 200,
  /** A snapshot asked for `at` a moment is the newest at or before it, if no older than this. */
  processSnapshotReachMs: 15_000,
  /** The time cursor's log lines: seconds either side of the moment. */
  defaultMomentSeconds: 5,
  maxMomentSeconds: 60,
  /** Lines shown per source, and in all, for one moment: the ones nearest the moment are kept. */
  momentLinesPerSource: 200,
  momentSources: 20,
  /** Marks this close to the moment are shown with it. */
  momentMarksReachMs: 60_000,
  momentMarks: 20,
  /** Episode changes looked at, newest first, to find the episodes open at a moment. */
  momentEpisodeRows: 1000,
  /** What an episode keeps of the moment it started: the top processes by CPU, the newest log lines across sources. */
  episodeProcesses: 10,
  episodeLines: 20,
  /** How far back an episode's start looks for sources that wrote lines. */
  episodeLinesReachSeconds: 60,
  /** Characters kept of each such line. */
  episodeLineChars: 500,
  /** A window's summary: series it may name, and the samples × series it reads at 1 s (more: minute aggregates). */
  summaryMaxKeys: 512,
  summaryRawCells: 1_000_000,
  /** Process snapshots a summary reads, spread evenly over the range when it holds more. */
  summarySnapshots: 720,
  /** Processes a summary lists by CPU and by memory. */
  summaryProcesses: 10,
  /** Rows of log activity (seconds × sources) a summary counts; past them it says how far it counted. */
  summaryActivityRows: 1_000_000,
  /** Seconds with warnings or errors a summary reads lines of, lines kept from each, and lines in all. */
  summaryNotableSeconds: 15,
  summaryNotableLinesPerSecond: 4,
  summaryNotableLines: 40,
  /** Marks and episode changes a summary lists. */
  summaryEvents: 50,
} as const

export type RecorderState = 'recording' | 'paused' | 'failed'

export interface RecorderStatus {
  state: RecorderState
  /** Why recording is paused or failed, in words for a person. */
  reason?: string
  /** Epoch ms of the last state change. */
  since: number
  /** The database and its write-ahead log, in bytes. */
  databaseBytes: number
  retentionDays: number
  recordCommandLines: boolean
  /** The oldest and newest sample held (epoch ms); absent when none is. */
  held?: { from: number; to: number }
  /** Set when an unreadable database was moved aside at start: where it went and why. */
  movedAside?: { path: string; reason: string }
}

export type MarkKind =
  /** Vigil started or stopped recording. */
  | 'started'
  | 'stopped'
  /** Time passed with no samples while the process was not running (the machine slept) or the wall clock jumped ahead. */
  | 'slept'
  /** The wall clock went back. */
  | 'clock-back'
  /** Samples were due but not taken (the process was stalled). */
  | 'missed'
  /** Recording was paused (disk full); `until` is when it resumed. */
  | 'paused'
  /** The user cleared the history: nothing older was kept. */
  | 'cleared'

export interface RecorderMark {
  t: number
  kind: MarkKind
  /** The end of the span the mark covers, for gaps and pauses. */
  until?: number
  detail: string
}

/** A log line as an episode keeps it: its source, level and text, and when the recorder got it. */
export interface EpisodeLine {
  t: number
  source: string
  level?: LogLevelName
  text: string
}

/** What was going on when an episode started: the top processes then, and the newest log lines. */
export interface EpisodeContext {
  processes: RecordedProcess[]
  lines: EpisodeLine[]
}

export interface RecordedEpisode {
  ruleId: string
  state: 'firing' | 'resolved'
  since: number
  value: number
  message: string
  /** When the recorder saw the episode change. */
  t: number
  /** A start's context (in the events' list of episodes; absent for ends and for episodes recorded before it was kept). */
  context?: EpisodeContext
}

export interface RecorderEvents {
  marks: RecorderMark[]
  episodes: RecordedEpisode[]
  /** True when the range held more than `limit` of either and the newest were left out. */
  isTruncated: boolean
}

export interface SeriesRange {
  from: number
  to: number
  /** 'second': each row is a sample; 'minute': each row sums up `stepSeconds` of minute aggregates. */
  resolution: 'second' | 'minute'
  stepSeconds: number
  t: number[]
  /** The sample's value, or the average over the step; null where the series had no value. */
  values: Record<string, (number | null)[]>
  /** Over a step longer than one sample: the lowest and highest values in it. */
  min?: Record<string, (number | null)[]>
  max?: Record<string, (number | null)[]>
}

export interface RecordedProcess {
  pid: number
  name: string
  user: string
  cpuPct: number
  memBytes: number
  /** The command line, only when the user turned recording them on (they can hold secrets). */
  command?: string
}

export interface ProcessSnapshot {
  t: number
  processes: RecordedProcess[]
}

export interface ProcessSnapshots {
  snapshots: ProcessSnapshot[]
  isTruncated: boolean
}

export const activityLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unleveled'] as const
export type ActivityLevel = (typeof activityLevels)[number]

/** Line counts by level: none but those given. */
export function levelCounts(counts: Partial<Record<ActivityLevel, number>> = {}): Record<ActivityLevel, number> {
  return { trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0, unleveled: 0, ...counts }
}

/** One read of a source counted: its whole lines by level, and the position just after the last of them. */
export interface LineTally {
  source: string
  levels: Record<ActivityLevel, number>
  position: string
}

export interface SourceActivity {
  /** Start of each step that had lines. */
  t: number[]
  lines: number[]
  levels: Record<ActivityLevel, number[]>
  /** The source's position after the last line of the step: lines can be read back up to it. */
  position: string[]
}

export interface LogActivity {
  from: number
  to: number
  stepSeconds: number
  sources: Record<string, SourceActivity>
}

const epochMs = (name: string) => {
  const message = `${name} must be a whole number of epoch milliseconds`
  return z.coerce.number({ error: message }).int(message).min(0, `${name} must not be negative`)
}

const maxRangeMs = recorderLimits.maxRangeDays * 86_400_000

const range = { from: epochMs('from'), to: epochMs('to') }

/** Checks that `from` comes before `to` and that the range is not longer than any data is kept. */
function checkedRange<S extends z.ZodType<{ from: number; to: number }>>(schema: S) {
  return schema
    .refine((query) => query.to > query.from, 'to must be later than from')
    .refine(
      (query) => query.to - query.from <= maxRangeMs,
      `the range must not be longer than ${recorderLimits.maxRangeDays} days`,
    )
}

const maxPoints = z.coerce
  .number()
  .int('maxPoints must be a whole number')
  .min(1, 'maxPoints must be at least 1')
  .max(recorderLimits.maxPoints, `maxPoints must be at most ${recorderLimits.maxPoints}`)
  .default(recorderLimits.defaultMaxPoints)

const listLimit = z.coerce
  .number()
  .int('limit must be a whole number')
  .min(1, 'limit must be at least 1')
  .max(recorderLimits.maxListLimit, `limit must be at most ${recorderLimits.maxListLimit}`)
  .default(recorderLimits.defaultListLimit)

const seriesKeysUpTo = (maxKeys: number) =>
  z
    .string()
    .min(1, 'keys must name at least one series')
    .transform((text) => [...new Set(text.split(','))])
    .refine((keys) => keys.length <= maxKeys, `keys must name at most ${maxKeys} series`)
    .refine(
      (keys) => keys.every((key) => key.length <= 200 && describeSeries(key) !== undefined),
      'keys must be known series (see src/shared/series.ts), separated by commas',
    )

const seriesKeys = seriesKeysUpTo(recorderLimits.maxKeys)

export const seriesQuerySchema = checkedRange(
  z.strictObject({
    ...range,
    keys: seriesKeys,
    maxPoints,
    stepSeconds: z.coerce
      .number()
      .int('stepSeconds must be a whole number')
      .min(1, 'stepSeconds must be at least 1')
      .max(86_400, 'stepSeconds must be at most 86400')
      .optional(),
  }),
)

/** The processes at one moment (a query with `at`)… */
export const processesAtQuerySchema = z.strictObject({ at: epochMs('at') })
/** …or over a range. */
export const processesRangeQuerySchema = checkedRange(z.strictObject({ ...range, limit: listLimit }))

export const logActivityQuerySchema = checkedRange(
  z.strictObject({ ...range, source: z.string().min(1).max(64).optional(), maxPoints }),
)

export const eventsQuerySchema = checkedRange(z.strictObject({ ...range, limit: listLimit }))

export const momentQuerySchema = z.strictObject({
  at: epochMs('at'),
  seconds: z.coerce
    .number()
    .int('seconds must be a whole number')
    .min(0, 'seconds must not be negative')
    .max(recorderLimits.maxMomentSeconds, `seconds must be at most ${recorderLimits.maxMomentSeconds}`)
    .default(recorderLimits.defaultMomentSeconds),
})

/** A window's summary; without keys, every series the recorder holds. */
export const summaryQuerySchema = checkedRange(
  z.strictObject({ ...range, keys: seriesKeysUpTo(recorderLimits.summaryMaxKeys).optional() }),
)

/** A log line of a moment: the second it was recorded in (epoch ms), its level and text. */
export interface MomentLine {
  t: number
  level?: LogLevelName
  text: string
}

export interface MomentSource {
  source: string
  name: string
  /** Lines the recorder counted around the moment. */
  counted: number
  /** The lines read back, oldest first (the ones nearest the moment when there were more). */
  lines: MomentLine[]
  /** Why the lines (or some) cannot be shown: the file no longer holds them, say. */
  gap?: string
  isTruncated: boolean
}

/** One moment of the black box: what the time cursor's panel shows. */
export interface RecorderMoment {
  at: number
  seconds: number
  /** The newest process snapshot at or before the moment (its own time in `t`), or null when none is near. */
  snapshot: ProcessSnapshot | null
  logs: MomentSource[]
  /** The alert episodes firing at the moment, as their last change before it recorded them. */
  openEpisodes: RecordedEpisode[]
  marks: RecorderMark[]
}

/** One series over a window: from its samples (1 s) or its minute aggregates, as the summary's resolution says. */
export interface SeriesSummary {
  min: number
  avg: number
  max: number
  /** The newest value in the window (at minute resolution, the newest minute's average or unsealed sample) and its time. */
  last: number
  lastT: number
  /** Samples the figures are made of. */
  samples: number
}

/** One process over the snapshots of a window that list it (a snapshot keeps the top 20 by CPU and by memory). */
export interface ProcessSummary {
  pid: number
  name: string
  user: string
  peakCpuPct: number
  /** Over the snapshots that list it. */
  avgCpuPct: number
  peakMemBytes: number
  avgMemBytes: number
  /** How many of the snapshots read list it. */
  seen: number
}

export interface SourceSummary {
  lines: number
  levels: Record<ActivityLevel, number>
}

/** A warning or error line of a window, read back from its source; `t` is the second it was recorded in. */
export interface NotableLine extends MomentLine {
  source: string
  name: string
}

/** A window of the black box summed up: what "Ask AI about this window" sends, whatever the range. */
export interface RecorderSummary {
  from: number
  to: number
  /** 'second' when the series were summed from their samples, 'minute' from minute aggregates (whole minutes at the ends). */
  resolution: 'second' | 'minute'
  series: Record<string, SeriesSummary>
  processes: {
    /** Snapshots in the range, and how many were read (evenly spread when fewer). */
    snapshots: number
    read: number
    byCpu: ProcessSummary[]
    byMemory: ProcessSummary[]
  }
  logs: {
    sources: Record<string, SourceSummary>
    /** Set when the range held more activity than a summary counts: counting stopped at this time. */
    countedUntil?: number
  }
  /** Warnings and errors sampled over the range, oldest first; `gaps` says which sources could not be read back. */
  notableLines: NotableLine[]
  notableGaps: { source: string; name: string; gap: string }[]
  /** The alert episodes already firing when the range starts, and the changes and marks within it. */
  openAtStart: RecordedEpisode[]
  episodes: RecordedEpisode[]
  marks: RecorderMark[]
  isEventsTruncated: boolean
}
