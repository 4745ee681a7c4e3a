import { describe, expect, it } from 'vitest'
import { escapeLabelValue, formatValue, negotiateFormat, writeExposition, type MetricFamily } from './exposition'

const families: MetricFamily[] = [
  {
    name: 'vigil_log_lines_total',
    help: 'Lines read.',
    type: 'counter',
    samples: [
      { labels: { source: 'file:/var/log/a "b".log', level: 'error' }, value: 3 },
      { labels: { source: 'C:\\logs\nnext', level: 'none' }, value: 0 },
    ],
  },
  { name: 'node_load1', help: 'Load with a back\\slash\nand "quotes".', type: 'gauge', samples: [{ value: 0.5 }] },
  { name: 'vigil_alert_firing', help: 'Empty.', type: 'gauge', samples: [] },
]

describe('the exposition writer', () => {
  it('writes the text format 0.0.4: HELP and TYPE once per family, escaped label values, no EOF', () => {
    expect(writeExposition(families, 'text')).toBe(
      [
        '# HELP vigil_log_lines_total Lines read.',
        '# TYPE vigil_log_lines_total counter',
        'vigil_log_lines_total{source="file:/var/log/a \\"b\\".log",level="error"} 3',
        'vigil_log_lines_total{source="C:\\\\logs\\nnext",level="none"} 0',
        '# HELP node_load1 Load with a back\\\\slash\\nand "quotes".',
        '# TYPE node_load1 gauge',
        'node_load1 0.5',
        '',
      ].join('\n'),
    )
  })

  it('writes OpenMetrics 1.0.0: a counter family named without _total, quotes escaped in HELP, and # EOF', () => {
    expect(writeExposition(families, 'openmetrics')).toBe(
      [
        '# HELP vigil_log_lines Lines read.',
        '# TYPE vigil_log_lines counter',
        'vigil_log_lines_total{source="file:/var/log/a \\"b\\".log",level="error"} 3',
        'vigil_log_lines_total{source="C:\\\\logs\\nnext",level="none"} 0',
        '# HELP node_load1 Load with a back\\\\slash\\nand \\"quotes\\".',
        '# TYPE node_load1 gauge',
        'node_load1 0.5',
        '# EOF',
        '',
      ].join('\n'),
    )
    expect(writeExposition([], 'openmetrics')).toBe('# EOF\n')
  })

  it('refuses a counter whose name does not end in _total', () => {
    expect(() =>
      writeExposition([{ name: 'vigil_lines', help: 'x', type: 'counter', samples: [{ value: 1 }] }], 'text'),
    ).toThrow(/_total/)
  })

  it('escapes only backslash, double quote and line feed in label values', () => {
    expect(escapeLabelValue('plain /mnt/data é')).toBe('plain /mnt/data é')
    expect(escapeLabelValue('a\\b"c\nd\te')).toBe('a\\\\b\\"c\\nd\te')
  })

  it('spells the values JSON lacks as Prometheus does', () => {
    expect([NaN, Infinity, -Infinity, 0, 1.5e21, 42].map(formatValue)).toEqual([
      'NaN',
      '+Inf',
      '-Inf',
      '0',
      '1.5e+21',
      '42',
    ])
  })
})

describe('content negotiation', () => {
  it('answers OpenMetrics to what Prometheus sends, the text format to plain clients', () => {
    const prometheus =
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
    expect(negotiateFormat(prometheus)).toBe('openmetrics')
    expect(negotiateFormat(undefined)).toBe('text')
    expect(negotiateFormat('*/*')).toBe('text')
    expect(negotiateFormat('text/plain;version=0.0.4')).toBe('text')
    expect(negotiateFormat('text/plain, application/openmetrics-text;q=0.5')).toBe('text')
    expect(negotiateFormat('application/openmetrics-text;q=0')).toBe('text')
  })
})
