import { describe, expect, it } from 'vitest'
import type { AlertRule, MetricSample } from '../../shared/protocol'
import { describeRule } from '../../shared/alerts'
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
  it('fires once when the condition has held for its duration, and notes the end once', () => {
    const readings: [number, Record<string, number>][] = []
    for (let second = 0; second <= 40; second += 1) readings.push([second, { cpu_total_pct: 95 }])
    for (let second = 41; second <= 45; second += 1) readings.push([second, { cpu_total_pct: 20 }])
    const { changes, evaluator } = run([cpuRule], readings)
    expect(changes.map(({ second, state, since }) => [second, state, since])).toEqual([
      [30, 'firing', 0],
      [41, 'resolved', 41_000],
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
