import { describe, expect, it } from 'vitest'
import { hostAlertQuery, hostQueries, promqlString, rateRangeSeconds } from './promql'

describe('promqlString', () => {
  it('quotes a plain instance as it is', () => {
    expect(promqlString('10.0.0.5:9100')).toBe('"10.0.0.5:9100"')
  })

  it('escapes backslashes, double quotes and line breaks, so a value cannot end the selector', () => {
    expect(promqlString('a"} or vector(1) or {x="')).toBe('"a\\"} or vector(1) or {x=\\""')
    expect(promqlString('C:\\new\nline\ttab\r')).toBe('"C:\\\\new\\nline\\ttab\\r"')
  })

  it('keeps characters beyond ASCII as they are', () => {
    expect(promqlString('hôte-ünïcode ✓')).toBe('"hôte-ünïcode ✓"')
  })
})

describe('hostQueries', () => {
  it('pins every query to the instance with an exact, escaped match', () => {
    const queries = hostQueries('evil"}[5m]', 15)
    expect(queries.length).toBeGreaterThan(0)
    for (const query of queries) {
      expect(query.promql).toContain('instance="evil\\"}[5m]"')
      expect(query.promql).not.toContain('instance="evil"')
    }
  })

  it('reads CPU as the non-idle share of all CPU time, over a rate range of the step', () => {
    const cpu = hostQueries('h:9100', 300).find((query) => query.key === 'cpu')!
    expect(cpu.promql).toBe(
      '100 * sum(rate(node_cpu_seconds_total{instance="h:9100",mode!="idle"}[600s])) / ' +
        'sum(rate(node_cpu_seconds_total{instance="h:9100"}[600s]))',
    )
  })

  it('has a line for each chart of the Hosts view, from node_exporter names', () => {
    const queries = hostQueries('h:9100', 15)
    expect(new Set(queries.map((query) => query.chart))).toEqual(new Set(['cpu', 'memory', 'network', 'disk', 'fs']))
    expect(queries.find((query) => query.key === 'network.rx')!.promql).toContain('node_network_receive_bytes_total')
    expect(queries.find((query) => query.key === 'disk.write')!.promql).toContain('node_disk_written_bytes_total')
    expect(queries.find((query) => query.key === 'fs')!.promql).toContain('node_filesystem_avail_bytes')
  })
})

describe('rateRangeSeconds', () => {
  it('looks back at least a minute, and at least two steps', () => {
    expect(rateRangeSeconds(15)).toBe(60)
    expect(rateRangeSeconds(300)).toBe(600)
  })
})

describe('hostAlertQuery', () => {
  it('asks one value of CPU busy % or memory used % of exactly this instance', () => {
    const cpu = hostAlertQuery('cpu_total_pct', 'db:9100')
    expect(cpu).toBe(
      '100 * sum(rate(node_cpu_seconds_total{instance="db:9100",mode!="idle"}[60s]))' +
        ' / sum(rate(node_cpu_seconds_total{instance="db:9100"}[60s]))',
    )
    expect(hostAlertQuery('mem_used_pct', 'a"b')).toBe(
      '100 * (1 - node_memory_MemAvailable_bytes{instance="a\\"b"} / node_memory_MemTotal_bytes{instance="a\\"b"})',
    )
  })
})
