// The renderer's link to the core: the always-open core stream, its state, and what the core said of itself.
// The other events go to the stores of the features they concern, through the handler the composition root
// passes (coreEvents.ts): the shell knows none of those features.
import { create } from 'zustand'
import { routes, type CoreEvent, type CoreInfo, type StorageStatus } from '../../../../shared/protocol'
import type { RecorderStatus } from '../../../../shared/recorder'
import { openStream, type StreamStatus } from '../../lib/streamClient'

interface ConnectionState {
  status: StreamStatus
  info: CoreInfo | undefined
  /** Whether the core can write its data folder (disk full, read-only): shown in the status line. */
  storage: StorageStatus
  /** Whether the recorder is recording, or paused or failed and why: shown in the status line when it is not recording. */
  recorder: RecorderStatus | undefined
}

const initialState = (): ConnectionState => ({
  status: { state: 'connecting' },
  info: undefined,
  storage: { state: 'ok' },
  recorder: undefined,
})

export const useConnectionStore = create<ConnectionState>(initialState)

export function resetConnectionStore(): void {
  useConnectionStore.setState(initialState(), true)
}

/** Opens the core stream for the life of the page, handing every event to `onEvent`; returns the close function. */
export function connectToCore(onEvent: (event: CoreEvent) => void): () => void {
  return openStream<CoreEvent>({
    path: routes.coreStream,
    onEvent(event) {
      if (event.event === 'hello') useConnectionStore.setState({ info: event.data })
      if (event.event === 'storage') useConnectionStore.setState({ storage: event.data })
      if (event.event === 'recorder') useConnectionStore.setState({ recorder: event.data })
      onEvent(event)
    },
    onStatus: (status) => useConnectionStore.setState({ status }),
  })
}
