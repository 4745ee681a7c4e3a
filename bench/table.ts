// What a benchmark hands back (a table of our figures beside a peer's, and its targets) and how it is printed:
// plain aligned text, no colours, so that a log or a CI page shows it as it is.

export interface Benchmark {
  /** The word that selects it on the command line: `npm run bench -- sse`. */
  name: string
  /** The title line printed above its table. */
  description: string
  run(): Promise<Table>
}

export interface Row {
  /** What is measured, with its unit: "throughput (events/s)". */
  label: string
  ours: number | undefined
  peer: number | undefined
  /** Digits after the decimal point for ours and peer; 0 unless given. */
  decimals?: number
}

export interface Target {
  /** The target and the figure measured against it: "≥ 80 % of bare throughput (measured 91 %)". */
  description: string
  isMet: boolean
}

export interface Table {
  oursHeading: string
  peerHeading: string
  rows: Row[]
  targets: Target[]
  notes: string[]
}

const missing = '—'

function formatNumber(value: number | undefined, decimals: number): string {
  if (value === undefined || !Number.isFinite(value)) return missing
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
}

function formatRatio(ours: number | undefined, peer: number | undefined): string {
  if (ours === undefined || peer === undefined || peer === 0) return missing
  return (ours / peer).toFixed(2)
}

/** The title, the table with its label column left-aligned and figures right-aligned, then targets and notes. */
export function formatTable(title: string, table: Table): string {
  const header = ['measure', table.oursHeading, table.peerHeading, `${table.oursHeading} / ${table.peerHeading}`]
  const cells = table.rows.map((row) => [
    row.label,
    formatNumber(row.ours, row.decimals ?? 0),
    formatNumber(row.peer, row.decimals ?? 0),
    formatRatio(row.ours, row.peer),
  ])
  const widths = header.map((heading, column) => Math.max(heading.length, ...cells.map((line) => line[column]!.length)))
  const align = (line: string[]): string =>
    line
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('   ')
  const rule = '-'.repeat(align(header).length)
  const targets =
    table.targets.length === 0
      ? ['target: none set']
      : table.targets.map((target) => `target: ${target.description} — ${target.isMet ? 'met' : 'NOT met'}`)
  return [
    title,
    rule,
    align(header),
    rule,
    ...cells.map(align),
    rule,
    ...targets,
    ...table.notes.map((note) => `note: ${note}`),
  ].join('\n')
}
