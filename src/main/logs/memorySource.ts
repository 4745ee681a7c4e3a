// A source kept in memory: Vigil's own log and the ingest stream. A ring of the last `capacity` lines;
// positions are `<epoch>.<seq>`, the epoch telling one run of the core from the next.
import type { LogLevelName, LogLine } from '../../shared/logs'
import type { FollowEvent, Follower, ReadResult } from './follower'
import { analyzeLine } from './lineLevel'
import { sanitizeLineText } from './lineText'
import { createEmitter } from '../../shared/emitter'

export interface MemoryLine {
  text: string
  level?: LogLevelName
  origin?: string
}

export interface MemorySource extends Follower {
  append(lines: MemoryLine[]): void
}

export function createMemorySource(sourceId: string, epoch: string, capacity: number): MemorySource {
  const ring: (LogLine | undefined)[] = new Array(capacity)
  const events = createEmitter<FollowEvent>()
  let nextSeq = 0

  const positionOf = (seq: number) => `${epoch}.${seq}`
  const seqOf = (position: string): number | undefined => {
    const [positionEpoch, seq] = position.split('.')
    return positionEpoch === epoch && /^\d+$/.test(seq ?? '') ? Number(seq) : undefined
  }
  const oldestSeq = () => Math.max(0, nextSeq - capacity)

  function slice(fromSeq: number, untilSeq: number): LogLine[] {
    const lines: LogLine[] = []
    for (let seq = Math.max(fromSeq, oldestSeq()); seq < untilSeq; seq += 1) lines.push(ring[seq % capacity]!)
    return lines
  }

  return {
    append(entries) {
      const lines = entries.map((entry) => {
        const text = sanitizeLineText(entry.text)
        const analysis = analyzeLine(text)
        const line: LogLine = { source: sourceId, text, position: positionOf(nextSeq + 1) }
        const level = entry.level ?? analysis.level
        if (level) line.level = level
        if (analysis.timestamp) line.timestamp = analysis.timestamp
        if (entry.origin) line.origin = sanitizeLineText(entry.origin)
        ring[nextSeq % capacity] = line
        nextSeq += 1
        return line
      })
      events.emit({ kind: 'lines', lines })
    },
    position: () => positionOf(nextSeq),
    status: () => 'following',
    subscribe: events.on,
    async read(range, until): Promise<ReadResult> {
      const untilSeq = seqOf(until) ?? nextSeq
      if ('tailLines' in range) return { lines: slice(untilSeq - range.tailLines, untilSeq) }
      const afterSeq = seqOf(range.after)
      if (afterSeq === undefined) return { gap: 'these lines are from an earlier run of Vigil' }
      if (afterSeq < oldestSeq()) return { gap: `${oldestSeq() - afterSeq} older lines are no longer kept` }
      return { lines: slice(afterSeq, untilSeq) }
    },
  }
}
