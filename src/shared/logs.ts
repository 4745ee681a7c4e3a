// Log lines on the wire: sources, the lines a client receives, the logs stream's events, and positions.

const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const
export type LogLevelName = (typeof logLevels)[number]

export function levelRank(level: LogLevelName): number {
  return logLevels.indexOf(level)
}

export const logRoutes = {
  sources: '/api/logs/sources',
  ingest: '/api/logs/ingest',
  read: '/api/logs/read',
  stream: '/api/streams/logs',
} as const

/** The built-in sources: Vigil's own log, and lines other local programs post to the ingest route. */
export const builtInSources = { vigil: 'vigil', ingest: 'ingest' } as const

export type LogSourceKind = 'file' | 'vigil' | 'ingest'

export type LogSourceStatus = 'following' | 'waiting' | 'permission-denied' | 'idle'

export interface LogSourceInfo {
  id: string
  kind: LogSourceKind
  name: string
  /** The canonical path, for file sources. */
  path?: string
  /** `idle`: nobody is following it now. */
  status: LogSourceStatus
  /**
   * Only root or another user may read the file; the user confirmed following it. Its lines go to an AI
   * endpoint off this machine only after a second confirmation.
   */
  isSensitive?: true
}

export interface LogLine {
  source: string
  text: string
  /** Where this source stands just after the line: what a resume continues from. */
  position: string
  level?: LogLevelName
  /** The timestamp's place in the text, [start, end). */
  timestamp?: [number, number]
  /** Flushed without its end: more may follow as a continuation. */
  isPartial?: true
  isContinuation?: true
  /** Bytes left out of a line longer than the cap. */
  cutBytes?: number
  /** For ingested lines: the name the sender gave. */
  origin?: string
}

export type LogNoticeKind = 'rotated' | 'truncated' | 'missing' | 'back' | 'permission-denied' | 'gap'

export type LogsEvent =
  | { event: 'lines'; data: { lines: LogLine[] } }
  | { event: 'notice'; data: { source: string; notice: LogNoticeKind; message: string; position?: string } }
  /** Lines a slow client did not get; it can read them again with the read route, from `fromPosition` to `toPosition`. */
  | { event: 'dropped'; data: { source: string; count: number; fromPosition: string; toPosition: string } }
  /** The catch-up (last lines, or what a resume missed) is done: what follows is live. */
  | { event: 'live'; data: { matchedLines: number } }

/** A stream's event id: each source's position, `source=position` joined by `;` (positions never hold either). */
export function formatPositions(positions: Map<string, string>): string {
  return [...positions].map(([source, position]) => `${source}=${position}`).join(';')
}

export function parsePositions(id: string): Map<string, string> {
  const positions = new Map<string, string>()
  for (const part of id.split(';')) {
    const separator = part.indexOf('=')
    if (separator > 0) positions.set(part.slice(0, separator), part.slice(separator + 1))
  }
  return positions
}
