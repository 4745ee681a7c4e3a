// Order statistics for benchmark samples: median and nearest-rank percentiles.

function sortedCopy(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no values to summarise')
  return [...values].sort((a, b) => a - b)
}

export function median(values: readonly number[]): number {
  const sorted = sortedCopy(values)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The nearest-rank percentile: the smallest value with at least `percent` % of the values at or below it. */
export function percentile(values: readonly number[], percent: number): number {
  const sorted = sortedCopy(values)
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length))
  return sorted[rank - 1]!
}
