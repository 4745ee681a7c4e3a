// The Exports form's ranges and chat requests. Pure: no DOM, no React. (The metrics and log exports are
// made by their features: metrics/exportWindow.ts, logs/logsExport.ts.)
import type { ChatExportFormat, ChatExportRequest, CsvOptions } from '../../../../shared/export'
import { findTimeWindow, type TimeRange } from '../metrics'
import type { MetricsRangeChoice } from './exportChoices'

/** The span of datetime-local inputs (local time), or a sentence saying what is wrong with it. */
export function customSpan(custom: { from: string; to: string }): TimeRange | string {
  const fromMs = new Date(custom.from).getTime()
  const toMs = new Date(custom.to).getTime()
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return 'Give the start and the end of the range.'
  if (fromMs > toMs) return 'The start of the range must not be after its end.'
  return { fromMs, toMs }
}

/** The span the form's range choice names: the last window up to now, or the custom from/to. */
export function spanOfChoice(
  choice: MetricsRangeChoice,
  nowMs: number,
  custom: { from: string; to: string },
): TimeRange | string {
  return choice === 'custom'
    ? customSpan(custom)
    : { fromMs: nowMs - findTimeWindow(choice).seconds * 1000, toMs: nowMs }
}

export function chatRequest(conversation: string, format: ChatExportFormat, csv: CsvOptions): ChatExportRequest {
  return { kind: 'chat', conversation, format, csv }
}

/** A time as a datetime-local input shows it: local time, to the minute ("2026-11-24T10:15"). */
export function toLocalInput(timeMs: number): string {
  const at = new Date(timeMs)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`
}
