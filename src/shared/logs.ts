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

export type LogSourceStatus = 'following' | 'waiting' | 'permission-denied' | 'not-a-file' | 'idle'

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

/** A line as the viewer holds it, made from a batch (see lineBatch.ts) on the client. */
export interface LogLine {
  source: string
  text: string
  /** Where this source stands just after the line: what a resume continues from. */
  position: string
  level?: LogLevelName
  /** The timestamp's place in the text, [start, end). */
  timestamp?: [number, number]
  /** Flushed without its end: the source's next line replaces it (its position is the line's start). */
  isPartial?: true
  /** Bytes left out of a line longer than the cap. */
  cutBytes?: number
  /** For ingested lines: the name the sender gave. */
  origin?: string
}

/** What a batch says of the few lines that need more than their text. */
export interface LineDetails {
  /** A level the sender stated (ingest, Vigil's log); other lines' levels are read from their text. */
  level?: LogLevelName
  origin?: string
  cutBytes?: number
  isPartial?: true
}

/**
 * The lines of one source that one read gave (a block of a file, or what a memory source took in), after
 * the filter: one event for many lines, so a storm costs per read, not per line.
 * Line `i` ends at position `${base}.${end(i)}`, where end(0) = from + steps[0] and end(i) = end(i-1) +
 * steps[i]: byte offsets in a file (base: its device and inode), sequence numbers in a memory source.
 */
export interface LineBatch {
  source: string
  /** The lines' texts, each followed by LF (a text never holds an LF). */
  text: string
  base: string
  from: number
  steps: number[]
  /** By the line's index in the batch. */
  details?: Record<number, LineDetails>
}

export type LogNoticeKind = 'rotated' | 'truncated' | 'missing' | 'back' | 'permission-denied' | 'not-a-file' | 'gap'

/** Lines a client did not get: from `fromPosition` to `toPosition`, to read again with the read route. */
export interface DroppedRange {
  source: string
  fromPosition: string
  toPosition: string
  /** Lines left out, when they were counted (a slow client); a backlog too big to send is measured in bytes. */
  count?: number
  bytes?: number
}

export type LogsEvent =
  | { event: 'lines'; data: LineBatch }
  | { event: 'notice'; data: { source: string; notice: LogNoticeKind; message: string; position?: string } }
  | { event: 'dropped'; data: DroppedRange }
  /** The catch-up (last lines, or what a resume missed) is done: what follows is live. */
  | { event: 'live'; data: { matchedLines: number } }

/** A page of the read route: batches of lines, and where to continue (absent when the range is read whole). */
export interface LogReadPage {
  /** Set when the start of the range could not be read (rotated away): why. */
  gap?: string
  batches: LineBatch[]
  next?: string
}

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
