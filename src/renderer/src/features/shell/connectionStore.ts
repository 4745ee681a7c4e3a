// The renderer's link to the core: the always-open core stream, its state, and what it announced.
import { create } from 'zustand'
import { routes, type CoreEvent, type CoreInfo, type StorageStatus } from '../../../../shared/protocol'
import { openStream, type StreamStatus } from '../../lib/streamClient'
import { applyAlertsEvent } from '../alerts/alertsStore'
import { applyExportHistory, applyExportJobs } from '../export/exportsStore'
import { applyServerSettings } from '../settings/themeStore'

interface ConnectionState {
  status: StreamStatus
  info: CoreInfo | undefined
  /** Whether the core can write its data folder (disk full, read-only): shown in the status line. */
  storage: StorageStatus
}

export const useConnectionStore = create<ConnectionState>(() => ({
  status: { state: 'connecting' },
  info: undefined,
  storage: { state: 'ok' },
}))

function handleCoreEvent(event: CoreEvent): void {
  switch (event.event) {
    case 'hello':
      useConnectionStore.setState({ info: event.data })
      break
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
    case 'storage':
      useConnectionStore.setState({ storage: event.data })
      break
  }
}

/** Opens the core stream for the life of the page; returns the close function. */
export function connectToCore(): () => void {
  return openStream<CoreEvent>({
    path: routes.coreStream,
    onEvent: handleCoreEvent,
    onStatus: (status) => useConnectionStore.setState({ status }),
  })
}
