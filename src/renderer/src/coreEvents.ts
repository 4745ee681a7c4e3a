// Where each event of the core stream goes: to the store of the feature it concerns. App.tsx hands this to
// the shell's connection, which keeps the stream and the core's own information (hello).
import type { CoreEvent } from '../../shared/protocol'
import { applyAlertsEvent } from './features/alerts'
import { applyExportHistory, applyExportJobs } from './features/export'
import { applyRecorderStatus, applyServerSettings } from './features/settings'

export function handleCoreEvent(event: CoreEvent): void {
  switch (event.event) {
    case 'settings':
      applyServerSettings(event.data)
      break
    case 'alerts':
      applyAlertsEvent(event.data)
      break
    case 'export-jobs':
      applyExportJobs(event.data)
      break
    case 'export-history':
      applyExportHistory(event.data)
      break
    case 'recorder':
      applyRecorderStatus(event.data)
      break
  }
}
