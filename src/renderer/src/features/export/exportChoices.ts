// The choices an export is made with, remembered in localStorage: the CSV options (which the Export
// actions of the Metrics, Logs and Chat views use too) and the Exports form's last kind, range, resolution
// and chat format. What was stored is read back field by field, so an old or hand-edited value loses only
// itself. Pure apart from loadChoices/saveChoices.
import { z } from 'zod'
import {
  defaultCsvOptions,
  type ChatExportFormat,
  type CsvOptions,
  type ExportKind,
  type MetricsResolution,
} from '../../../../shared/export'
import { timeWindows, type TimeWindowId } from '../metrics'

export type MetricsRangeChoice = TimeWindowId | 'custom'

export interface ExportChoices {
  kind: ExportKind
  csv: CsvOptions
  metricsRange: MetricsRangeChoice
  resolution: MetricsResolution
  chatFormat: ChatExportFormat
}

export const defaultChoices: ExportChoices = {
  kind: 'metrics',
  csv: defaultCsvOptions,
  metricsRange: '15m',
  resolution: 'raw',
  chatFormat: 'csv',
}

const storageKey = 'vigil.export.choices'

const isRangeChoice = (value: unknown) => value === 'custom' || timeWindows.some((window) => window.id === value)

/** Each field falls back to its default on its own when what was stored is not a valid value. */
const storedChoicesSchema = z.object({
  kind: z.enum(['metrics', 'logs', 'chat']).catch(defaultChoices.kind),
  csv: z
    .object({
      delimiter: z.enum(['comma', 'semicolon', 'tab']).catch(defaultCsvOptions.delimiter),
      header: z.boolean().catch(defaultCsvOptions.header),
      bom: z.boolean().catch(defaultCsvOptions.bom),
      timestamps: z.enum(['iso-epoch', 'iso', 'local', 'epoch']).catch(defaultCsvOptions.timestamps),
    })
    .catch(defaultCsvOptions),
  metricsRange: z.custom<MetricsRangeChoice>(isRangeChoice).catch(defaultChoices.metricsRange),
  resolution: z.enum(['raw', 'minute']).catch(defaultChoices.resolution),
  chatFormat: z.enum(['csv', 'markdown', 'json']).catch(defaultChoices.chatFormat),
})

/** The choices in a stored text; the defaults for anything missing or unreadable. */
export function parseChoices(stored: string | null): ExportChoices {
  let value: unknown = {}
  try {
    value = stored === null ? {} : JSON.parse(stored)
  } catch {
    // Not JSON (written by hand, or cut short): every field takes its default below.
  }
  const parsed = storedChoicesSchema.safeParse(value)
  return parsed.success ? parsed.data : defaultChoices
}

export function loadChoices(): ExportChoices {
  return parseChoices(localStorage.getItem(storageKey))
}

export function saveChoices(choices: ExportChoices): void {
  localStorage.setItem(storageKey, JSON.stringify(choices))
}
