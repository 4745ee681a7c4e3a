// Alert rules over real HTTP: validation, persistence, and an episode raised by the real sampler.
import { readFile } from 'node:fs/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { routes, type AlertRule, type AlertsEventData } from '../../src/shared/protocol'
import { bearer, send } from '../support/http'
import { connectSse } from '../support/sseClient'
import { startTestCore, type TestCore } from '../support/testCore'

let running: TestCore | undefined
afterEach(async () => {
  await running?.dispose()
  running = undefined
})

const rule: AlertRule = {
  id: 'cpu-any',
  seriesKey: 'cpu_total_pct',
  operator: 'above',
  threshold: -1,
  forSeconds: 0,
  isEnabled: true,
}

function putRules(core: TestCore['core'], body: unknown) {
  return send(core.port, routes.alerts, {
    method: 'PUT',
    headers: { ...bearer(core.token), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
}

describe('alert rules', () => {
  it.each([
    ['an unknown series', { rules: [{ ...rule, seriesKey: 'cpu_bogus' }] }, /seriesKey is not a known series/],
    ['a duplicate id', { rules: [rule, rule] }, /rule ids must be unique/],
    ['a threshold that is not a number', { rules: [{ ...rule, threshold: 'high' }] }, /threshold/],
    ['a negative duration', { rules: [{ ...rule, forSeconds: -5 }] }, /forSeconds/],
    ['a bare array', [rule], /expected object/],
    [
      'a clear threshold on the wrong side',
      { rules: [{ ...rule, threshold: 80, clear: { threshold: 90, forSeconds: 10 } }] },
      /clear\.threshold must be at or below the threshold/,
    ],
    [
      'a log rate on a remote host',
      {
        rules: [
          {
            ...rule,
            host: { serverId: 's1', instance: 'db:9100' },
            logRate: { source: 'vigil', sourceName: 'Vigil', level: 'error', perMinute: 1 },
          },
        ],
      },
      /a rule on a remote host has no log rate/,
    ],
    [
      'a log rate with an unknown level',
      { rules: [{ ...rule, logRate: { source: 'vigil', sourceName: 'Vigil', level: 'loud', perMinute: 1 } }] },
      /level/,
    ],
  ])('refuses %s with 400 and the reason, keeping the saved rules', async (_name, body, message) => {
    running = await startTestCore()
    expect((await putRules(running.core, { rules: [] })).status).toBe(200)
    const answer = await putRules(running.core, body)
    expect(answer.status).toBe(400)
    expect(answer.json<{ message: string }>().message).toMatch(message)
    expect(JSON.parse(await readFile(`${running.dataDir}/alerts.json`, 'utf8'))).toEqual([])
  })

  it('are kept in the data folder and loaded by the next core', async () => {
    running = await startTestCore()
    const { dataDir } = running
    const saved = await putRules(running.core, { rules: [{ ...rule, isEnabled: false }] })
    expect(saved.json<{ rules: AlertRule[] }>().rules).toEqual([{ ...rule, isEnabled: false }])
    await running.core.dispose()
    running = await startTestCore({ dataDir })
    const loaded = await send(running.core.port, routes.alerts, { headers: bearer(running.core.token) })
    expect(loaded.json<{ rules: AlertRule[] }>().rules).toEqual([{ ...rule, isEnabled: false }])
  })

  it('fire on a real sample: the core stream tells every client, Vigil’s log and the notifier get it once', async () => {
    const notifications: string[] = []
    running = await startTestCore({ sampleIntervalMs: 100, notify: (_title, body) => notifications.push(body) })
    const { core, logs } = running
    const stream = await connectSse(core.port, routes.coreStream, bearer(core.token))
    await stream.waitForEvent((event) => event.event === 'alerts')
    expect((await putRules(core, { rules: [rule] })).status).toBe(200)
    const fired = await stream.waitForEvent(
      (event) => event.event === 'alerts' && (event.data as AlertsEventData).latest?.state === 'firing',
    )
    const data = fired.data as AlertsEventData
    expect(data.firing.map((episode) => episode.ruleId)).toEqual(['cpu-any'])
    expect(data.latest!.message).toMatch(/^CPU total above -1\.0 %: now \d+\.\d %$/)
    // The notification waits for the episodes that start with it (grouped), then goes out once.
    await vi.waitFor(() => expect(notifications).toEqual([data.latest!.message]), { timeout: 10_000 })
    // Browser mode's clients get the same notification on the core stream.
    const told = await stream.waitForEvent(
      (event) => event.event === 'alerts' && (event.data as AlertsEventData).notification !== undefined,
    )
    expect((told.data as AlertsEventData).notification).toEqual({
      title: 'Vigil alert',
      body: data.latest!.message,
      ruleIds: ['cpu-any'],
    })
    expect(
      logs.filter((entry) => entry.component === 'alerts' && entry.level === 'warn').map((entry) => entry.message),
    ).toEqual([`alert: ${data.latest!.message}`])
    // Switching the rule off ends its episode at once for every client.
    const disabled = await putRules(core, { rules: [{ ...rule, isEnabled: false }] })
    expect(disabled.json<AlertsEventData>().firing).toEqual([])
    await stream.waitForEvent(
      (event) =>
        event.event === 'alerts' &&
        (event.data as AlertsEventData).rules[0]?.isEnabled === false &&
        (event.data as AlertsEventData).firing.length === 0,
    )
    expect((await putRules(core, { rules: [rule] })).status).toBe(200)
    await stream.waitForEvent(
      (event) => event.event === 'alerts' && (event.data as AlertsEventData).firing.length === 1,
      3000,
      stream.events.length,
    )
    // Raising the threshold out of reach ends the episode, and that is said once too.
    expect((await putRules(core, { rules: [{ ...rule, threshold: 1000 }] })).status).toBe(200)
    const ended = await stream.waitForEvent(
      (event) => event.event === 'alerts' && (event.data as AlertsEventData).latest?.state === 'resolved',
    )
    expect((ended.data as AlertsEventData).firing).toEqual([])
    stream.close()
  })

  it('number every change, so that a client can tell a PUT’s answer from a newer event on the stream', async () => {
    running = await startTestCore({ sampleIntervalMs: 100 })
    const { core } = running
    const stream = await connectSse(core.port, routes.coreStream, bearer(core.token))
    const revisionOf = (event: { data: unknown }) => (event.data as AlertsEventData).revision
    const first = revisionOf(await stream.waitForEvent((event) => event.event === 'alerts'))
    const answer = (await putRules(core, { rules: [rule] })).json<AlertsEventData>()
    expect(answer.revision).toBe(first + 1)
    expect(answer.firing).toEqual([])
    // The episode the new rule starts is a later state than the answer that saved the rule.
    const fired = await stream.waitForEvent(
      (event) => event.event === 'alerts' && (event.data as AlertsEventData).firing.length === 1,
    )
    expect(revisionOf(fired)).toBe(answer.revision + 1)
    // (The episode's notification follows later, as a change of its own.)
    const revisions = stream.events.filter((event) => event.event === 'alerts').map(revisionOf)
    expect(revisions.slice(0, 3)).toEqual([first, first + 1, first + 2])
    stream.close()
  })
})
