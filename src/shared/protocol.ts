// The wire contract between the core and every client: routes, stream event names and payloads.
// Each stream's events are one discriminated union, used by the server to send and by the renderer to read.

export const routes = {
  info: '/api/info',
  settings: '/api/settings',
  coreStream: '/api/streams/core',
  metricsStream: '/api/streams/metrics',
} as const

export type ApiErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'misdirected'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal'

/** Every error that crosses the wire: a stable code for programs and a sentence for people. */
export interface ApiError {
  code: ApiErrorCode
  message: string
}

export type ThemeMode = 'system' | 'light' | 'dark'

export interface Settings {
  theme: ThemeMode
}

export type RunMode = 'desktop' | 'browser'

export interface CoreInfo {
  version: string
  instanceId: string
  mode: RunMode
  hostname: string
  platform: string
}

/** One reading of the fast metrics tier. `seq` counts ticks since the core started; `t` is epoch ms. */
export interface MetricSample {
  seq: number
  t: number
  cpuTotalPct: number
  memUsedBytes: number
  memTotalBytes: number
}

/** Sent by the server when it dropped events for a slow client; ids are the first and last dropped. */
export interface SkippedPayload {
  count: number
  fromId: string
  toId: string
}

export type CoreEvent =
  | { event: 'hello'; data: CoreInfo }
  | { event: 'settings'; data: Settings }

export type HistoryReason = 'initial' | 'new-instance' | 'too-old'

export type MetricsEvent =
  /**
   * The window the client asked for: it replaces whatever the client held. `reason` says why a resume
   * was not possible: the client had nothing, its samples came from an earlier core, or they are no
   * longer in the history.
   */
  | { event: 'history'; data: { samples: MetricSample[]; reason: HistoryReason } }
  | { event: 'samples'; data: { samples: MetricSample[] } }

/** Events any stream may carry besides its own. */
export type CommonEvent = { event: 'error'; data: ApiError } | { event: 'skipped'; data: SkippedPayload }

export type StreamEvent = CoreEvent | MetricsEvent | CommonEvent

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
