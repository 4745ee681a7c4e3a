// What the logs stream needs from any source: live events, where the source stands, and reading back.
import type { LogLine, LogNoticeKind, LogSourceStatus } from '../../shared/logs'

export type FollowEvent =
  { kind: 'lines'; lines: LogLine[] } | { kind: 'notice'; notice: LogNoticeKind; message: string; position?: string }

export type ReadRange = { after: string } | { tailLines: number }

export type ReadResult = { lines: LogLine[] } | { gap: string }

export interface Follower {
  /** Just after the last complete line sent to subscribers; undefined while there is nothing to follow. */
  position(): string | undefined
  status(): LogSourceStatus
  subscribe(listener: (event: FollowEvent) => void): () => void
  /**
   * Complete lines after a position, or the last `tailLines`, up to `until` (a position of the same file
   * or ring). `gap` says why the lines asked for cannot be read (rotated away, overwritten).
   */
  read(range: ReadRange, until: string): Promise<ReadResult>
}
