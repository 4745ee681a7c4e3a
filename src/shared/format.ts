// Number formatting shared by the UI and exports: binary prefixes for bytes, fixed precision for percentages.

const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–'
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= 1024 && unit < binaryUnits.length - 1) {
    value /= 1024
    unit += 1
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2
  return `${bytes < 0 ? '-' : ''}${value.toFixed(digits)} ${binaryUnits[unit]}`
}

export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return '–'
  return `${percent.toFixed(1)} %`
}
