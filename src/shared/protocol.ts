// The wire contract between the core and every client: routes, stream event names and payloads.
// Each stream's events are one discriminated union, used by the server to send and by the renderer to read.

import type { ChatStreamEvent } from './chat'
import type { ApiError } from './errors'
import type { ExportHistoryEntry, ExportJob } from './export'
import type { AlertHost, HostRuleState } from './fleet'
import type { LogLevelName, LogsEvent } from './logs'
import type { RecorderStatus } from './recorder'

export const routes = {
  info: '/api/info',
  settings: '/api/settings',
  coreStream: '/api/streams/core',
  metricsStream: '/api/streams/metrics',
  machine: '/api/metrics/machine',
  minutes: '/api/metrics/minutes',
  processes: '/api/metrics/processes',
  process: '/api/metrics/process',
  processSignal: '/api/metrics/process/signal',
  alerts: '/api/alerts',
} as const

export type ThemeMode = 'system' | 'light' | 'dark'

/** The app's views: the address names the one on screen (#view=logs), and a notification the one it is about. */
export const viewIds = ['metrics', 'hosts', 'logs', 'chat', 'exports', 'settings'] as const
export type ViewId = (typeof viewIds)[number]

export interface Settings {
  theme: ThemeMode
  /** The desktop app: closing the window leaves Vigil running in the tray (Quit from the tray ends it). */
  closeToTray?: boolean
  /** The desktop app: Vigil starts, in the tray, when the user logs in. */
  startAtLogin?: boolean
  /** True: the chat's tool calls send their results without asking when the endpoint is on this machine. */
  toolsWithoutAsking?: boolean
  /** How many days the recorder keeps every sample at one second (1 to 30; 7 when unset). */
  recorderRetentionDays?: number
  /** True: the recorder keeps the top processes' command lines (off by default: they can hold secrets). */
  recordCommandLines?: boolean
}

export type RunMode = 'desktop' | 'browser'

export interface CoreInfo {
  version: string
  instanceId: string
  mode: RunMode
  hostname: string
  platform: string
}

/**
 * One reading of every series, keyed as in src/shared/series.ts. `seq` counts ticks since the core
 * started; `t` is epoch ms. Series of the slow tier (file systems, sensors) carry their latest reading.
 */
export interface MetricSample {
  seq: number
  t: number
  values: Record<string, number>
}

/** Samples in columns, as charts want them: `values[key][i]` belongs to `t[i]`; null where a series had no value. */
export interface SampleColumns {
  /** seq of the first sample; the others follow one by one. */
  firstSeq: number
  t: number[]
  values: Record<string, (number | null)[]>
}

/** Minute aggregates for the 24-hour view: min, average and max of each series over each minute. */
export interface MinuteColumns {
  t: number[]
  values: Record<string, { min: (number | null)[]; avg: (number | null)[]; max: (number | null)[] }>
}

export interface MachineInfo {
  hostname: string
  os: string
  kernel: string
  arch: string
  cpuModel: string
  cores: number
  memTotalBytes: number
  /** Epoch ms; uptime is now minus this. */
  bootTime: number
  fileSystems: FileSystemInfo[]
}

export interface FileSystemInfo {
  mount: string
  device: string
  type: string
}

export type ProcessSort = 'cpu' | 'memory'

export interface ProcessInfo {
  pid: number
  /** The parent's pid (0 for the first process and the kernel's): what the tree view hangs it under. */
  ppid: number
  name: string
  user: string
  cpuPct: number
  memBytes: number
  state: string
}

export interface ProcessList {
  t: number
  total: number
  /** How many processes the filter matched (all of them without one). */
  matched: number
  sort: ProcessSort
  processes: ProcessInfo[]
}

/** One process in detail, read when the user asks, and whether Vigil may send it a signal. */
export interface ProcessDetails {
  pid: number
  ppid: number
  name: string
  user: string
  state: string
  /** The command line as the kernel keeps it, arguments separated by spaces; empty for kernel threads. */
  commandLine: string
  /** Undefined when Vigil may signal it; otherwise why not, for people. */
  cannotSignal?: string
}

export type ProcessSignal = 'TERM' | 'KILL'

/** The most processes one list answer holds (the tree view asks for this many). */
export const maxProcessLimit = 2000

export type AlertOperator = 'above' | 'below'

/**
 * When an open episode ends: the value at or past `threshold` on the other side (at or below it for a rule
 * "above") for `forSeconds` without a break. A rule without one ends at its own threshold after its own
 * hold time, so one sample back across the line never ends an episode.
 */
export interface AlertClear {
  threshold: number
  forSeconds: number
}

/** A second condition on this machine's logs, combined with the series' by AND: lines of a level a minute. */
export interface AlertLogRate {
  /** The log source's id. */
  source: string
  /** Its name when the rule was made, for people ("app.log"). */
  sourceName: string
  level: LogLevelName
  /** The condition holds while more lines than this came in the last minute. */
  perMinute: number
}

export interface AlertRule {
  id: string
  seriesKey: string
  operator: AlertOperator
  threshold: number
  /** How long the condition must hold before the alert fires (the hold time). */
  forSeconds: number
  isEnabled: boolean
  /** A remote host (one of hostAlertSeriesKeys only), read from its Prometheus server; absent: this machine. */
  host?: AlertHost
  /** When an episode ends; absent: at the threshold, after `forSeconds`. */
  clear?: AlertClear
  /** This machine's rules only: a log rate that must hold too. */
  logRate?: AlertLogRate
}

/** A grouped notification of episodes that started together, as the core sent it (rate-limited per rule). */
export interface AlertNotification {
  title: string
  body: string
  /** The rules it is about. */
  ruleIds: string[]
}

export interface AlertEpisode {
  ruleId: string
  state: 'firing' | 'resolved'
  /** When the condition started to hold (firing) or stopped holding (resolved), epoch ms. */
  since: number
  value: number
  message: string
}

/** Sent by the server when it dropped events for a slow client; ids are the first and last dropped. */
export interface SkippedPayload {
  count: number
  fromId: string
  toId: string
}

export interface AlertsEventData {
  /**
   * Counts the changes to the rules and episodes since the core started. The answer to a PUT and the
   * core stream's events travel on different connections and can arrive in either order: a client
   * keeps the state with the higher revision.
   */
  revision: number
  rules: AlertRule[]
  firing: AlertEpisode[]
  /** How each enabled rule on a remote host last read, by rule id. */
  hostStates: Record<string, HostRuleState>
  /** The episode that caused this update, if one did. */
  latest?: AlertEpisode
  /** A notification the core sends now (grouped and rate-limited); browser mode shows it as a system one. */
  notification?: AlertNotification
}

/** Whether Vigil can write its own data folder: the latest failure, until a write succeeds again. */
export type StorageStatus = { state: 'ok' } | { state: 'full' | 'failed'; message: string; at: number }

export type CoreEvent =
  | { event: 'hello'; data: CoreInfo }
  | { event: 'settings'; data: Settings }
  /** The rules and their open episodes; sent at connect, when the rules change, and when an episode starts or ends. */
  | { event: 'alerts'; data: AlertsEventData }
  /** Exports waiting or running, with their progress (at most ten times a second while one runs). */
  | { event: 'export-jobs'; data: ExportJob[] }
  /** The export history, when an export ends or an entry is removed. */
  | { event: 'export-history'; data: ExportHistoryEntry[] }
  /** Whether Vigil can write its data folder; sent at connect and when it changes. */
  | { event: 'storage'; data: StorageStatus }
  /** The recorder: recording, paused or failed with the reason, its disk used and the range it holds; sent at connect and when it changes. */
  | { event: 'recorder'; data: RecorderStatus }

export type HistoryReason = 'initial' | 'new-instance' | 'too-old'

export type MetricsEvent =
  /**
   * The window the client asked for: it replaces whatever the client held. `reason` says why a resume
   * was not possible: the client had nothing, its samples came from an earlier core, or they are no
   * longer in the history.
   */
  | { event: 'history'; data: { columns: SampleColumns; reason: HistoryReason } }
  | { event: 'samples'; data: { samples: MetricSample[] } }

/**
 * Events any stream may carry besides its own. `error` is sent in-band when the stream fails after it
 * started (its headers were sent): the stream then ends, and the client shows the message.
 */
export type CommonEvent = { event: 'error'; data: ApiError } | { event: 'skipped'; data: SkippedPayload }

/** Every event of every stream: the core, metrics, logs and chat streams' own, and the common ones. */
export type StreamEvent = CoreEvent | MetricsEvent | LogsEvent | ChatStreamEvent | CommonEvent

export type EventOf<E extends StreamEvent, Name extends E['event']> = Extract<E, { event: Name }>

/** How long a client waits before reconnecting, sent once per stream as `retry:`. */
export const sseRetryMs = 2000

/** Largest history window a metrics client may ask for, in seconds (the fast tier's ring buffer). */
export const maxMetricsWindowSeconds = 3600

/** Metrics event ids are `<instanceId>:<seq>` so a client of an earlier core is never resumed by seq alone. */
export function formatSampleId(instanceId: string, seq: number): string {
  return `${instanceId}:${seq}`
}

export function parseSampleId(id: string): { instanceId: string; seq: number } | undefined {
  const match = /^([A-Za-z0-9_-]{1,64}):(\d{1,15})$/.exec(id)
  if (!match) return undefined
  return { instanceId: match[1]!, seq: Number(match[2]) }
}

/** The seq and time of every sample a metrics event carries, whether as rows (samples) or columns (history). */
export function sampleTimesOf(event: MetricsEvent): { seq: number; t: number }[] {
  if (event.event === 'samples') return event.data.samples.map(({ seq, t }) => ({ seq, t }))
  const { firstSeq, t } = event.data.columns
  return t.map((time, index) => ({ seq: firstSeq + index, t: time }))
}
