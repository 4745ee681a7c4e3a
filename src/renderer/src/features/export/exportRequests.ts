// The Exports form's ranges and chat requests. Pure: no DOM, no React. (The metrics and log exports are
// made by their features: metrics/exportWindow.ts, logs/logsExport.ts.)
import type { ChatExportFormat, ChatExportRequest, CsvOptions } from '../../../../shared/export'
import { findTimeWindow, type TimeRange } from '../metrics'
import { customSpan } from '../../lib/localTimeInput'
import type { MetricsRangeChoice } from './exportChoices'

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
