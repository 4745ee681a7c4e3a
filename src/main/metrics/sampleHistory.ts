// The fast tier's history: a ring buffer of fixed capacity, indexed by sample seq.
// Memory is bounded by the capacity whatever the uptime; seq numbers are consecutive, so "what came
// after seq N" is an index computation, not a search.
import type { MetricSample } from '../../shared/protocol'

export interface SampleHistory {
  push(sample: MetricSample): void
  /** Samples with seq greater than `seq`, or undefined when some of them have already been overwritten. */
  after(seq: number): MetricSample[] | undefined
  /** Samples no older than `windowMs` before the newest one. */
  window(windowMs: number): MetricSample[]
  readonly size: number
}

export function createSampleHistory(capacity: number): SampleHistory {
  const slots: (MetricSample | undefined)[] = new Array(capacity)
  let size = 0
  let newestSeq = -1

  function at(seq: number): MetricSample {
    return slots[seq % capacity]!
  }

  return {
    push(sample) {
      if (newestSeq >= 0 && sample.seq !== newestSeq + 1) {
        throw new Error(`sample seq ${sample.seq} does not follow ${newestSeq}`)
      }
      slots[sample.seq % capacity] = sample
      newestSeq = sample.seq
      size = Math.min(size + 1, capacity)
    },
    after(seq) {
      const oldestSeq = newestSeq - size + 1
      if (seq >= newestSeq) return seq > newestSeq ? undefined : []
      if (seq + 1 < oldestSeq) return undefined
      const result: MetricSample[] = []
      for (let next = seq + 1; next <= newestSeq; next += 1) result.push(at(next))
      return result
    },
    window(windowMs) {
      const result: MetricSample[] = []
      if (size === 0) return result
      const since = at(newestSeq).t - windowMs
      for (let seq = newestSeq; seq > newestSeq - size; seq -= 1) {
        const sample = at(seq)
        if (sample.t < since) break
        result.push(sample)
      }
      return result.reverse()
    },
    get size() {
      return size
    },
  }
}
