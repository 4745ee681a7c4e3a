// What the logs stream needs from any source: live events, where the source stands, and reading back.
import type { LineBatch, LogNoticeKind, LogSourceStatus } from '../../shared/logs'

export type FollowEvent =
  { kind: 'lines'; batch: LineBatch } | { kind: 'notice'; notice: LogNoticeKind; message: string; position?: string }

export type ReadRange = { after: string } | { tailLines: number }

/**
 * A range to read back, planned but not read: what it would cost, then its lines in batches of about one
 * read each, so no reader ever holds more than a batch of it.
 */
export interface ReadPlan {
  /** Where the range starts: the position its first batch continues from. */
  from: string
  /** Bytes in the range (for a memory source, its lines' text): what sending it whole would cost. */
  bytes: number
  /** Set when the start of what was asked cannot be read any more: why (reading starts after it). */
  gap?: string
  /** Each batch with the position reached after it (a filter may leave a batch empty, not its reach). */
  batches(): AsyncGenerator<{ batch: LineBatch; to: string }>
}

export interface Follower {
  /** Just after the last complete line sent to subscribers; undefined while there is nothing to follow. */
  position(): string | undefined
  status(): LogSourceStatus
  subscribe(listener: (event: FollowEvent) => void): () => void
  /**
   * Plans reading complete lines after a position, or the last `tailLines`, up to `until` (a position of
   * the same source). `gap` alone says why nothing of it can be read (replaced, overwritten).
   */
  read(range: ReadRange, until: string): Promise<ReadPlan | { gap: string }>
}
