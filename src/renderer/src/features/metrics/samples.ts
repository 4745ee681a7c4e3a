// Pure helpers for the samples a view holds: append without duplicates, keep a time window, find gaps.
import type { MetricSample } from '../../../../shared/protocol'

/** Appends samples newer than the last one held, then drops those older than `windowMs` before the newest. */
export function appendSamples(held: MetricSample[], incoming: MetricSample[], windowMs: number): MetricSample[] {
  const lastSeq = held.at(-1)?.seq ?? -1
  const fresh = incoming.filter((sample) => sample.seq > lastSeq)
  if (fresh.length === 0) return held
  const combined = held.concat(fresh)
  const since = combined.at(-1)!.t - windowMs
  const firstKept = combined.findIndex((sample) => sample.t >= since)
  return firstKept <= 0 ? combined : combined.slice(firstKept)
}

/**
 * Splits samples into runs with no gap longer than `maxGapMs` between neighbours: a machine that slept
 * or a paused process shows as a break in the line, not as a straight line across the missing time.
 */
export function splitAtGaps(samples: MetricSample[], maxGapMs: number): MetricSample[][] {
  const runs: MetricSample[][] = []
  let current: MetricSample[] = []
  for (const sample of samples) {
    const previous = current.at(-1)
    if (previous && sample.t - previous.t > maxGapMs) {
      runs.push(current)
      current = []
    }
    current.push(sample)
  }
  if (current.length > 0) runs.push(current)
  return runs
}
