import { describe, expect, it } from 'vitest'
import type { AlertRule, MetricSample } from '../../shared/protocol'
import { describeClear, describeRule } from '../../shared/alerts'
import { createAlertEvaluator } from './alertEvaluator'

const cpuRule: AlertRule = {
  id: 'cpu',
  seriesKey: 'cpu_total_pct',
  operator: 'above',
  threshold: 90,
  forSeconds: 30,
  isEnabled: true,
}
const sample = (second: number, values: Record<string, number>): MetricSample => ({
  seq: second,
  t: second * 1000,
  values,
})

function run(rules: AlertRule[], readings: [number, Record<string, number>][]) {
  const evaluator = createAlertEvaluator()
  return {
    evaluator,
    changes: readings.flatMap(([second, values]) =>
      evaluator.evaluate(rules, sample(second, values)).map((episode) => ({ second, ...episode })),
    ),
  }
}

describe('alert evaluation', () => {
  it('fires once when the condition has held for its duration, and notes the end once it has cleared as long', () => {
    const readings: [number, Record<string, number>][] = []
    for (let second = 0; second <= 40; second += 1) readings.push([second, { cpu_total_pct: 95 }])
    for (let second = 41; second <= 75; second += 1) readings.push([second, { cpu_total_pct: 20 }])
    const { changes, evaluator } = run([cpuRule], readings)
    expect(changes.map(({ second, state, since }) => [second, state, since])).toEqual([
      [30, 'firing', 0],
      [71, 'resolved', 41_000],
    ])
    expect(changes[0]!.message).toBe('CPU total above 90.0 % for 30 s: now 95.0 %')
    expect(changes[1]!.message).toBe('CPU total above 90.0 % for 30 s no longer holds: now 20.0 %')
    expect(evaluator.firing()).toEqual([])
  })

  it('starts counting again when the condition breaks before its duration', () => {
    const readings: [number, Record<string, number>][] = []
    for (let second = 0; second < 60; second += 1) readings.push([second, { cpu_total_pct: second === 25 ? 50 : 95 }])
    const { changes } = run([cpuRule], readings)
    expect(changes.map(({ second, since }) => [second, since])).toEqual([[56, 26_000]])
  })

  it('opens one episode, not ten, for a series that flaps around the threshold', () => {
    // Six minutes of a busy machine: mostly above 80 %, with one sample below it every 30 s.
    const rule: AlertRule = { ...cpuRule, threshold: 80, forSeconds: 5 }
    const readings: [number, Record<string, number>][] = []
    for (let second = 0; second < 360; second += 1)
      readings.push([second, { cpu_total_pct: second % 30 === 14 ? 70 : 85 + (second % 7) }])
    for (let second = 360; second < 370; second += 1) readings.push([second, { cpu_total_pct: 30 }])
    const { changes } = run([rule], readings)
    expect(changes.map(({ second, state }) => [second, state])).toEqual([
      [5, 'firing'],
      [365, 'resolved'],
    ])
  })

  it('ends an episode only past its clear threshold, held for its clear time', () => {
    const rule: AlertRule = { ...cpuRule, threshold: 80, forSeconds: 0, clear: { threshold: 50, forSeconds: 10 } }
    const readings: [number, Record<string, number>][] = [[0, { cpu_total_pct: 90 }]]
    // Below the threshold but above the clear threshold: still open.
    for (let second = 1; second <= 30; second += 1) readings.push([second, { cpu_total_pct: 60 }])
    // Past the clear threshold, broken once at 35: the clear time counts again from 36.
    for (let second = 31; second <= 50; second += 1) readings.push([second, { cpu_total_pct: second === 35 ? 55 : 40 }])
    const { changes } = run([rule], readings)
    expect(changes.map(({ second, state, since }) => [second, state, since])).toEqual([
      [0, 'firing', 0],
      [46, 'resolved', 36_000],
    ])
    expect(describeClear(rule)).toBe('ends at or below 50.0 % for 10 s')
  })

  it('combines the series with a log rate: both must hold to fire, either clearing ends the episode', () => {
    const rule: AlertRule = {
      ...cpuRule,
      threshold: 80,
      forSeconds: 2,
      logRate: { source: 'f00000001', sourceName: 'app.log', level: 'error', perMinute: 10 },
    }
    const evaluator = createAlertEvaluator()
    let perMinute = 0
    const feed = (second: number, cpu: number) =>
      evaluator.evaluate([rule], sample(second, { cpu_total_pct: cpu }), (condition) => {
        expect(condition).toBe(rule.logRate)
        return perMinute
      })
    // CPU alone, or errors alone, never fire.
    for (let second = 0; second < 10; second += 1) expect(feed(second, 95)).toEqual([])
    perMinute = 30
    for (let second = 10; second < 20; second += 1) expect(feed(second, 20)).toEqual([])
    const fired = [20, 21, 22].flatMap((second) => feed(second, 95))
    expect(fired).toEqual([
      expect.objectContaining({
        state: 'firing',
        since: 20_000,
        message:
          'CPU total above 80.0 % for 2 s and error lines in app.log above 10 a minute: now 95.0 %, 30 error lines a minute',
      }),
    ])
    // The errors stop while the CPU stays high: the episode ends after the clear time.
    perMinute = 4
    expect([23, 24].flatMap((second) => feed(second, 95))).toEqual([])
    expect(feed(25, 95)).toEqual([expect.objectContaining({ state: 'resolved', since: 23_000 })])
  })

  it('watches free space below a threshold', () => {
    const rule: AlertRule = {
      id: 'disk',
      seriesKey: 'fs_/_free_pct',
      operator: 'below',
      threshold: 10,
      forSeconds: 0,
      isEnabled: true,
    }
    const { changes } = run(
      [rule],
      [
        [0, { 'fs_/_free_pct': 12 }],
        [1, { 'fs_/_free_pct': 8 }],
      ],
    )
    expect(changes).toEqual([
      expect.objectContaining({ second: 1, state: 'firing', message: '/ free below 10.0 %: now 8.0 %' }),
    ])
  })

  it('neither fires nor ends on a missing reading, and forgets disabled or removed rules', () => {
    const rule = { ...cpuRule, forSeconds: 0 }
    const evaluator = createAlertEvaluator()
    expect(evaluator.evaluate([rule], sample(0, { cpu_total_pct: 99 }))).toHaveLength(1)
    expect(evaluator.evaluate([rule], sample(1, {}))).toEqual([])
    expect(evaluator.firing()).toHaveLength(1)
    expect(evaluator.evaluate([{ ...rule, isEnabled: false }], sample(2, { cpu_total_pct: 99 }))).toEqual([])
    expect(evaluator.firing()).toEqual([])
    expect(evaluator.evaluate([rule], sample(3, { cpu_total_pct: 99 }))).toHaveLength(1)
    expect(evaluator.evaluate([], sample(4, { cpu_total_pct: 99 }))).toEqual([])
    expect(evaluator.firing()).toEqual([])
  })

  it('describes a rule in words and units', () => {
    expect(describeRule({ ...cpuRule, seriesKey: 'mem_used_bytes', threshold: 8 * 1024 ** 3, forSeconds: 60 })).toBe(
      'memory used above 8.00 GiB for 60 s',
    )
    expect(
      describeRule({ ...cpuRule, seriesKey: 'net_eth0_rx_bytes_per_s', threshold: 1024 ** 2, forSeconds: 0 }),
    ).toBe('eth0 receive above 1.00 MiB/s')
  })

  it('judges a rule on a remote host by its readings only, and a missing reading changes nothing', () => {
    const remote = { ...cpuRule, id: 'remote', forSeconds: 0, host: { serverId: 's1', instance: 'db:9100' } }
    const evaluator = createAlertEvaluator()
    // This machine's samples do not concern it, and its readings do not concern this machine's rules.
    expect(evaluator.evaluate([remote, cpuRule], sample(0, { cpu_total_pct: 99 }))).toEqual([])
    expect(evaluator.evaluateHosts([remote], new Map([['other', 99]]), 1000)).toEqual([])
    const fired = evaluator.evaluateHosts([remote], new Map([['remote', 97]]), 2000)
    expect(fired).toEqual([
      {
        ruleId: 'remote',
        state: 'firing',
        since: 2000,
        value: 97,
        message: 'CPU total above 90.0 % on db:9100: now 97.0 %',
      },
    ])
    expect(evaluator.evaluateHosts([remote], new Map(), 3000)).toEqual([])
    expect(evaluator.firing()).toHaveLength(1)
    expect(evaluator.evaluateHosts([remote], new Map([['remote', 10]]), 4000)).toEqual([
      expect.objectContaining({ ruleId: 'remote', state: 'resolved', since: 4000, value: 10 }),
    ])
  })
})
