// A source kept in memory: Vigil's own log and the ingest stream. A ring of the last `capacity` lines;
// positions are `<epoch>.<seq>`, the epoch telling one run of the core from the next. A message holding
// line breaks becomes one line per break, each with the message's level and origin, so no line can
// pass for several (or fake its neighbours). A line given the time it came (ingested lines) shows that time
// at its start, as Vigil's own log writes it, unless it begins with a timestamp of its own.
import type { LineBatch, LineDetails, LogLevelName } from '../../shared/logs'
import type { FollowEvent, Follower, ReadPlan } from './follower'
import { timestampOf } from '../../shared/lineLevel'
import { sanitizeLineText } from './lineText'
import { createEmitter } from '../../shared/emitter'

export interface MemoryLine {
  text: string
  level?: LogLevelName
  origin?: string
  /** Epoch ms the line came: written at its start (ISO 8601 UTC) unless it begins with its own timestamp. */
  receivedAt?: number
}

export interface MemorySource extends Follower {
  append(lines: MemoryLine[]): void
}

/** Lines in one batch read back. */
const linesPerBatch = 1000

interface HeldLine {
  text: string
  details: LineDetails | undefined
}

export function createMemorySource(sourceId: string, epoch: string, capacity: number): MemorySource {
  const ring: (HeldLine | undefined)[] = new Array(capacity)
  const events = createEmitter<FollowEvent>()
  let nextSeq = 0

  const seqOf = (position: string): number | undefined => {
    const [positionEpoch, seq] = position.split('.')
    return positionEpoch === epoch && /^\d+$/.test(seq ?? '') ? Number(seq) : undefined
  }
  const oldestSeq = () => Math.max(0, nextSeq - capacity)

  /** The held lines [fromSeq, untilSeq) as one batch. */
  function batchOf(fromSeq: number, untilSeq: number): LineBatch {
    const texts: string[] = []
    const details: Record<number, LineDetails> = {}
    let hasDetails = false
    for (let seq = fromSeq; seq < untilSeq; seq += 1) {
      const line = ring[seq % capacity]!
      if (line.details) {
        details[seq - fromSeq] = line.details
        hasDetails = true
      }
      texts.push(line.text)
    }
    const batch: LineBatch = {
      source: sourceId,
      text: texts.length > 0 ? texts.join('\n') + '\n' : '',
      base: epoch,
      from: fromSeq,
      steps: texts.map(() => 1),
    }
    if (hasDetails) batch.details = details
    return batch
  }

  function planOf(fromSeq: number, untilSeq: number): ReadPlan {
    let bytes = 0
    for (let seq = fromSeq; seq < untilSeq; seq += 1) bytes += ring[seq % capacity]!.text.length + 1
    return {
      from: `${epoch}.${fromSeq}`,
      bytes,
      async *batches() {
        for (let seq = fromSeq; seq < untilSeq; seq += linesPerBatch) {
          const batchEnd = Math.min(untilSeq, seq + linesPerBatch)
          // Lines overwritten since the plan was made are no longer there to read.
          if (seq < oldestSeq()) throw new Error(`${oldestSeq() - seq} of these lines are no longer kept`)
          yield { batch: batchOf(seq, batchEnd), to: `${epoch}.${batchEnd}` }
        }
      },
    }
  }

  return {
    append(entries) {
      const fromSeq = nextSeq
      for (const entry of entries) {
        const origin = entry.origin === undefined ? undefined : sanitizeLineText(entry.origin)
        const stamp = entry.receivedAt === undefined ? undefined : new Date(entry.receivedAt).toISOString()
        for (const piece of entry.text.split(/\r\n|\r|\n/)) {
          const text = stamp === undefined || timestampOf(piece)?.[0] === 0 ? piece : `${stamp} ${piece}`
          const details: LineDetails = {}
          if (entry.level) details.level = entry.level
          if (origin) details.origin = origin
          ring[nextSeq % capacity] = {
            text: sanitizeLineText(text),
            details: entry.level || origin ? details : undefined,
          }
          nextSeq += 1
        }
      }
      // More appended at once than the ring holds: only what it still holds is sent.
      const batch = batchOf(Math.max(fromSeq, oldestSeq()), nextSeq)
      events.emit({ kind: 'lines', batch })
    },
    position: () => `${epoch}.${nextSeq}`,
    status: () => 'following',
    subscribe: events.on,
    async read(range, until) {
      const untilSeq = Math.min(seqOf(until) ?? nextSeq, nextSeq)
      if ('tailLines' in range) return planOf(Math.max(oldestSeq(), untilSeq - range.tailLines), untilSeq)
      const afterSeq = seqOf(range.after)
      if (afterSeq === undefined) return { gap: 'these lines are from an earlier run of Vigil' }
      if (afterSeq < oldestSeq()) return { gap: `${oldestSeq() - afterSeq} older lines are no longer kept` }
      return planOf(afterSeq, Math.max(afterSeq, untilSeq))
    },
  }
}
