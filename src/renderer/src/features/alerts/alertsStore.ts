// Alert rules and their open episodes, as the core announces them on the core stream (the core evaluates
// the rules on every sample, so they fire with no window open). In browser mode the core's notifications
// (episodes grouped, a few per rule an hour) also raise a system notification through the Notification
// API, once the user allowed it; the desktop app's main process notifies by itself. The recent episodes,
// each with the processes and log lines of its start, are read from the recorder.
import { create } from 'zustand'
import { routes, type AlertEpisode, type AlertRule, type AlertsEventData } from '../../../../shared/protocol'
import type { HostRuleState } from '../../../../shared/fleet'
import { recorderLimits, recorderRoutes, type RecordedEpisode, type RecorderEvents } from '../../../../shared/recorder'
import { api } from '../../lib/api'

interface AlertsState {
  /** The revision of the state shown; -1 before the core's first. */
  revision: number
  rules: AlertRule[]
  firing: AlertEpisode[]
  /** How each rule on a remote host last read, by rule id. */
  hostStates: Record<string, HostRuleState>
  saveError: string | undefined
  notificationPermission: NotificationPermission | 'unsupported'
  /** The newest episode starts the recorder holds (newest first), with their context. */
  episodes: RecordedEpisode[]
  episodesError: string | undefined
}

/** The episodes listed: the newest starts of the last day. */
const episodesShown = 10
const episodesReachMs = 86_400_000

const hasNotifications = typeof Notification !== 'undefined'

const initialState = (): AlertsState => ({
  revision: -1,
  rules: [],
  firing: [],
  hostStates: {},
  saveError: undefined,
  notificationPermission: hasNotifications ? Notification.permission : 'unsupported',
  episodes: [],
  episodesError: undefined,
})

export const useAlertsStore = create<AlertsState>(initialState)

/** Back to the state before the core's first event. */
export function resetAlertsStore(): void {
  useAlertsStore.setState(initialState(), true)
}

/** An event of the core stream: its events come in order, so each is the newest state there is. */
export function applyAlertsEvent(data: AlertsEventData): void {
  useAlertsStore.setState({
    revision: data.revision,
    rules: data.rules,
    firing: data.firing,
    hostStates: data.hostStates,
  })
  const { notification } = data
  if (notification && !window.vigilDesktop && hasNotifications && Notification.permission === 'granted') {
    new Notification(notification.title, { body: notification.body, tag: notification.ruleIds.join(',') })
  }
}

export async function saveRules(rules: AlertRule[]): Promise<void> {
  try {
    const saved = await api.put<AlertsEventData>(routes.alerts, { rules })
    // The stream may have brought a newer state already (an episode that began just after the save).
    const isNewer = saved.revision > useAlertsStore.getState().revision
    useAlertsStore.setState(
      isNewer
        ? {
            revision: saved.revision,
            rules: saved.rules,
            firing: saved.firing,
            hostStates: saved.hostStates,
            saveError: undefined,
          }
        : { saveError: undefined },
    )
  } catch (error) {
    useAlertsStore.setState({ saveError: (error as Error).message })
  }
}

/** Reads the newest episode starts of the last day from the recorder. */
export async function loadEpisodes(): Promise<void> {
  const to = Date.now()
  try {
    const { episodes } = await api.get<RecorderEvents>(
      `${recorderRoutes.events}?from=${to - episodesReachMs}&to=${to}&limit=${recorderLimits.maxListLimit}`,
    )
    const starts = episodes.filter((episode) => episode.state === 'firing')
    useAlertsStore.setState({ episodes: starts.slice(-episodesShown).reverse(), episodesError: undefined })
  } catch (error) {
    useAlertsStore.setState({ episodesError: `The recent episodes could not be read: ${(error as Error).message}` })
  }
}

export async function allowNotifications(): Promise<void> {
  if (!hasNotifications) return
  useAlertsStore.setState({ notificationPermission: await Notification.requestPermission() })
}

/** A fresh rule id: letters and digits, as the core accepts. */
export function newRuleId(): string {
  return `r${Math.random().toString(36).slice(2, 10)}`
}
