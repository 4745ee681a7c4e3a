// The time cursor: the moment picked on a chart (or handed over from a log line) and what the recorder
// kept of it, fetched from /api/recorder/moment. Every Metrics chart draws a line at the moment until
// it is closed; a newer pick wins over an answer still on its way.
import { create } from 'zustand'
import { recorderRoutes, type RecorderMoment } from '../../../../shared/recorder'
import { api, errorText } from '../../lib/api'
import { centreOn } from './metricsStore'

interface MomentState {
  /** The moment on the cursor (epoch ms); undefined when no cursor is shown. */
  at: number | undefined
  moment: RecorderMoment | undefined
  error: string | undefined
}

export const useMomentStore = create<MomentState>(() => ({ at: undefined, moment: undefined, error: undefined }))

let latestRequest = 0

/** Puts the cursor at `at` and reads that moment from the recorder. */
export async function showMoment(at: number): Promise<void> {
  const request = (latestRequest += 1)
  const rounded = Math.round(at)
  useMomentStore.setState({ at: rounded, moment: undefined, error: undefined })
  try {
    const moment = await api.get<RecorderMoment>(`${recorderRoutes.moment}?at=${rounded}`)
    if (request === latestRequest) useMomentStore.setState({ moment })
  } catch (error) {
    if (request === latestRequest) useMomentStore.setState({ error: errorText(error) })
  }
}

export function closeMoment(): void {
  latestRequest += 1
  useMomentStore.setState({ at: undefined, moment: undefined, error: undefined })
}

/**
 * A moment handed over from elsewhere (a log line's time): the charts stop following live, fixed on a range
 * of the span on screen with the moment in its middle (nearer the end at the live edge), and the cursor goes there.
 */
export function focusMoment(at: number): Promise<void> {
  centreOn(at)
  return showMoment(at)
}
