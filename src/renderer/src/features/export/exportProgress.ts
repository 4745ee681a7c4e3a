// Words and fractions for exports: how far a job is (rows and bytes, against a total where the core knows
// one), and how a finished one ended. Pure: no DOM, no React.
import type { ExportHistoryEntry, ExportJob, ExportProgress } from '../../../../shared/export'
import { formatBytes } from '../../../../shared/format'

const countFormat = new Intl.NumberFormat('en-US')

export function formatRows(rows: number): string {
  return `${countFormat.format(rows)} ${rows === 1 ? 'row' : 'rows'}`
}

export interface ProgressView {
  /** 0 to 1, or undefined when no total is known (the bar then shows activity only). */
  fraction: number | undefined
  text: string
}

/**
 * "1,200 of 3,600 rows · 84 KiB" where the rows to come are known (metrics, chats); for log files, whose
 * matching lines are known only at the end, "read 40 MiB of 200 MiB · 1,200 rows · 84 KiB".
 */
export function progressOf(job: Pick<ExportJob, 'state' | 'progress'>): ProgressView {
  const { rows, bytes, totalRows, inputBytes, totalInputBytes }: ExportProgress = job.progress
  if (job.state === 'ready') return { fraction: undefined, text: 'Starting…' }
  if (totalRows !== undefined && totalRows > 0) {
    return {
      fraction: Math.min(1, rows / totalRows),
      text: `${countFormat.format(rows)} of ${formatRows(totalRows)} · ${formatBytes(bytes)}`,
    }
  }
  if (totalInputBytes !== undefined && totalInputBytes > 0) {
    const read = inputBytes ?? 0
    return {
      fraction: Math.min(1, read / totalInputBytes),
      text: `read ${formatBytes(read)} of ${formatBytes(totalInputBytes)} · ${formatRows(rows)} · ${formatBytes(bytes)}`,
    }
  }
  return { fraction: undefined, text: `${formatRows(rows)} · ${formatBytes(bytes)}` }
}

export const stateLabels: Record<ExportHistoryEntry['state'], string> = {
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
}

/** "Done", "Failed: there is not enough free space…", "Cancelled". */
export function outcomeOf(entry: Pick<ExportHistoryEntry, 'state' | 'error'>): string {
  const label = stateLabels[entry.state]
  // A done export may carry a problem too (its history entry could not be saved).
  return entry.error && entry.error.replace(/\.$/, '') !== label ? `${label}: ${entry.error}` : label
}
