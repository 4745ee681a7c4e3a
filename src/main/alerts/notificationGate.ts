// What reaches the desktop from the alerts: episodes that start within a short window of each other
// become one notification ("3 alerts: …"), and no rule sends more than a few an hour. An episode held
// back is counted, and the rule's next notification says how many ("and 12 more since 14:03"), so a rule
// that flaps for two weeks sends a few notifications an hour rather than tens of thousands.
import type { AlertEpisode, AlertNotification } from '../../shared/protocol'

/** Episodes starting within this long of the first one waiting are told in one notification. */
export const notificationGroupMs = 2000
/** A rule's notifications in any hour (sliding); past it, its episodes are counted and told with its next one. */
export const maxNotificationsPerRulePerHour = 4
const hourMs = 3_600_000

export interface NotificationGate {
  /** An episode that started: told with the others of its window, unless its rule has used up its hour. */
  add(episode: AlertEpisode): void
  /** Drops what waits (the core stops). */
  dispose(): void
}

export interface NotificationGateOptions {
  send(notification: AlertNotification): void
  now?: () => number
}

/** "14:03", local time. */
const clock = (t: number) => new Date(t).toTimeString().slice(0, 5)

export function createNotificationGate({ send, now = Date.now }: NotificationGateOptions): NotificationGate {
  let waiting: AlertEpisode[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  /** When each rule's notifications went out within the last hour. */
  const sent = new Map<string, number[]>()
  /** Each rule's episodes held back since its last notification, and when the first of them started. */
  const held = new Map<string, { count: number; since: number }>()

  /** The episode's line in a notification, or undefined when its rule has used up its hour (then counted). */
  function admit(episode: AlertEpisode, t: number): string | undefined {
    const times = (sent.get(episode.ruleId) ?? []).filter((time) => t - time < hourMs)
    sent.set(episode.ruleId, times)
    const before = held.get(episode.ruleId)
    if (times.length >= maxNotificationsPerRulePerHour) {
      held.set(episode.ruleId, { count: (before?.count ?? 0) + 1, since: before?.since ?? episode.since })
      return undefined
    }
    times.push(t)
    held.delete(episode.ruleId)
    return before ? `${episode.message} (and ${before.count} more since ${clock(before.since)})` : episode.message
  }

  function flush(): void {
    timer = undefined
    const group = waiting
    waiting = []
    const t = now()
    const told = group.flatMap((episode) => {
      const line = admit(episode, t)
      return line === undefined ? [] : [{ ruleId: episode.ruleId, line }]
    })
    if (told.length === 0) return
    send({
      title: 'Vigil alert',
      body: told.length === 1 ? told[0]!.line : `${told.length} alerts: ${told.map((entry) => entry.line).join('; ')}`,
      ruleIds: [...new Set(told.map((entry) => entry.ruleId))],
    })
  }

  return {
    add(episode) {
      waiting.push(episode)
      timer ??= setTimeout(flush, notificationGroupMs)
    },
    dispose() {
      if (timer) clearTimeout(timer)
      timer = undefined
      waiting = []
    },
  }
}
