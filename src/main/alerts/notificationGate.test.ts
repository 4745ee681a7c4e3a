// The notification gate on a fake clock: grouping of episodes that start together, and the hourly limit per rule.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AlertEpisode, AlertNotification } from '../../shared/protocol'
import { createNotificationGate, maxNotificationsPerRulePerHour, notificationGroupMs } from './notificationGate'

const episode = (ruleId: string, message = `${ruleId} holds`): AlertEpisode => ({
  ruleId,
  state: 'firing',
  since: Date.now(),
  value: 1,
  message,
})

let sent: AlertNotification[]
beforeEach(() => {
  vi.useFakeTimers({ now: new Date(2026, 11, 4, 14, 0, 0) })
  sent = []
})
afterEach(() => vi.useRealTimers())

describe('the notification gate', () => {
  it('tells episodes that start within the window in one notification', () => {
    const gate = createNotificationGate({ send: (notification) => sent.push(notification) })
    gate.add(episode('a'))
    vi.advanceTimersByTime(500)
    gate.add(episode('b'))
    gate.add(episode('c'))
    expect(sent).toEqual([])
    vi.advanceTimersByTime(notificationGroupMs)
    expect(sent).toEqual([
      { title: 'Vigil alert', body: '3 alerts: a holds; b holds; c holds', ruleIds: ['a', 'b', 'c'] },
    ])
    // A later episode alone is told alone, with its own message as the body.
    gate.add(episode('d'))
    vi.advanceTimersByTime(notificationGroupMs)
    expect(sent.at(-1)).toEqual({ title: 'Vigil alert', body: 'd holds', ruleIds: ['d'] })
    gate.dispose()
  })

  it('sends at most the hourly limit per rule, then says how many were held back and since when', () => {
    const gate = createNotificationGate({ send: (notification) => sent.push(notification) })
    // A rule that fires every minute for an hour and a half.
    for (let minute = 0; minute < 90; minute += 1) {
      gate.add(episode('flappy'))
      vi.advanceTimersByTime(60_000)
    }
    expect(sent).toHaveLength(maxNotificationsPerRulePerHour + 4)
    expect(sent.slice(0, maxNotificationsPerRulePerHour).map((notification) => notification.body)).toEqual(
      Array(maxNotificationsPerRulePerHour).fill('flappy holds'),
    )
    // The hour of the first one has passed at 14:60: that one says 56 episodes were held back from 14:04 on.
    expect(sent[maxNotificationsPerRulePerHour]!.body).toBe('flappy holds (and 56 more since 14:04)')
    // Another rule is not held back by the first one's limit.
    gate.add(episode('other'))
    vi.advanceTimersByTime(notificationGroupMs)
    expect(sent.at(-1)!.body).toBe('other holds')
    gate.dispose()
  })

  it('leaves a rule over its limit out of a group, and sends nothing when all are', () => {
    const gate = createNotificationGate({ send: (notification) => sent.push(notification) })
    for (let index = 0; index < maxNotificationsPerRulePerHour; index += 1) {
      gate.add(episode('a'))
      vi.advanceTimersByTime(notificationGroupMs)
    }
    gate.add(episode('a'))
    gate.add(episode('b'))
    vi.advanceTimersByTime(notificationGroupMs)
    expect(sent.at(-1)).toEqual({ title: 'Vigil alert', body: 'b holds', ruleIds: ['b'] })
    const count = sent.length
    gate.add(episode('a'))
    vi.advanceTimersByTime(notificationGroupMs)
    expect(sent).toHaveLength(count)
    gate.dispose()
  })
})
