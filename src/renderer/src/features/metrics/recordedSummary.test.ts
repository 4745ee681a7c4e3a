// The recorder's summary of a window as the text "Ask AI about this window" sends: statistics in the
// charts' order, the processes that led the window, the log lines by source and level with the sensitive
// ones left out, and the alerts and marks.
import { describe, expect, it } from 'vitest'
import type { LogSourceInfo } from '../../../../shared/logs'
import type { RecorderSummary } from '../../../../shared/recorder'
import { statsOfRecorded } from './recordedSummary'
import { buildMetricsSummary } from './summary'

const from = Date.UTC(2026, 0, 2, 10, 0, 0)
const levels = { trace: 0, debug: 0, info: 40, warn: 2, error: 1, fatal: 0, unleveled: 0 }
const summary: RecorderSummary = {
  from,
  to: from + 3_600_000,
  resolution: 'minute',
  series: {
    mem_used_bytes: { min: 1024 ** 3, avg: 1024 ** 3, max: 2 * 1024 ** 3, last: 1024 ** 3, lastT: from, samples: 60 },
    cpu_total_pct: { min: 1, avg: 12.34, max: 97.5, last: 20, lastT: from, samples: 60 },
  },
  processes: {
    snapshots: 720,
    read: 700,
    byCpu: [
      {
        pid: 42,
        name: 'spinner',
        user: 'me',
        peakCpuPct: 99,
        avgCpuPct: 80,
        peakMemBytes: 1024 ** 2,
        avgMemBytes: 1024 ** 2,
        seen: 700,
      },
    ],
    byMemory: [
      {
        pid: 7,
        name: 'hog',
        user: 'me',
        peakCpuPct: 1,
        avgCpuPct: 1,
        peakMemBytes: 3 * 1024 ** 3,
        avgMemBytes: 1024 ** 3,
        seen: 10,
      },
    ],
  },
  logs: { sources: { f1: { lines: 43, levels }, f2: { lines: 43, levels } } },
  notableLines: [
    { source: 'f1', name: 'app.log', t: from + 1000, level: 'error', text: 'disk on fire' },
    { source: 'f2', name: 'secret.log', t: from + 2000, level: 'warn', text: 'password=hunter2' },
  ],
  notableGaps: [{ source: 'f3', name: 'old.log', gap: 'the file no longer holds these lines' }],
  openAtStart: [
    { t: from - 1000, ruleId: 'cpu', state: 'firing', since: from - 1000, value: 95, message: 'CPU above 80 %' },
  ],
  episodes: [{ t: from + 5000, ruleId: 'cpu', state: 'resolved', since: from + 5000, value: 10, message: 'CPU back' }],
  marks: [{ t: from + 9000, kind: 'missed', detail: '3 samples were not taken' }],
  isEventsTruncated: false,
}
const sources: LogSourceInfo[] = [
  { id: 'f1', kind: 'file', name: 'app.log', status: 'following' } as LogSourceInfo,
  { id: 'f2', kind: 'file', name: 'secret.log', status: 'following', isSensitive: true } as LogSourceInfo,
]

describe('the recorded summary of a window', () => {
  it('lists the series in the charts’ order first, then the rest', () => {
    expect([...statsOfRecorded(summary, ['cpu_total_pct']).keys()]).toEqual(['cpu_total_pct', 'mem_used_bytes'])
    expect(statsOfRecorded(summary, []).get('cpu_total_pct')).toEqual({ min: 1, avg: 12.34, max: 97.5, last: 20 })
  })

  const text = buildMetricsSummary({
    windowLabel: '1 h',
    range: { fromMs: summary.from, toMs: summary.to },
    machine: undefined,
    stats: statsOfRecorded(summary, ['cpu_total_pct']),
    processes: undefined,
    recorded: { summary, sources },
  })

  it('says where the figures come from and lists the processes that led the window, not the ones now', () => {
    expect(text).toContain("Figures from Vigil's recorder (minute aggregates).")
    expect(text).toContain('Top processes by peak CPU (from 700 of the 720 snapshots')
    expect(text).toMatch(/ 42 +spinner +me +99\.0 % +80\.0 % +1\.00 MiB/)
    expect(text).toMatch(/ 7 +hog +me +3\.00 GiB/)
    expect(text).not.toContain('The process list was not available.')
  })

  it('counts the log lines by source name and level, and quotes warnings and errors but not a sensitive source’s', () => {
    expect(text).toContain('  app.log: 43 lines (info 40, warn 2, error 1)')
    expect(text).toContain(`  ${new Date(from + 1000).toISOString()} app.log [error] disk on fire`)
    expect(text).not.toContain('hunter2')
    expect(text).toContain('  Lines of secret.log are left out: it is a sensitive source.')
    expect(text).toContain('  Lines of old.log could not be read back: the file no longer holds these lines.')
  })

  it('lists the alerts firing at the start, those that changed, and the marks', () => {
    expect(text).toContain('  already firing at the start: cpu: CPU above 80 %')
    expect(text).toContain(`  ${new Date(from + 5000).toISOString()} alert cpu resolved: CPU back`)
    expect(text).toContain(`  ${new Date(from + 9000).toISOString()} missed: 3 samples were not taken`)
  })

  it('says the processes now when the recorder has no snapshot of the window yet', () => {
    const empty = { ...summary, processes: { snapshots: 0, read: 0, byCpu: [], byMemory: [] } }
    const input = {
      windowLabel: '1 h',
      range: { fromMs: summary.from, toMs: summary.to },
      machine: undefined,
      stats: new Map(),
      recorded: { summary: empty, sources },
    }
    const now = { t: summary.to, total: 1, matched: 1, sort: 'cpu' as const, processes: [] }
    expect(buildMetricsSummary({ ...input, processes: now })).toContain('Top processes by CPU at ')
    expect(buildMetricsSummary({ ...input, processes: undefined })).toContain(
      'No process snapshots were recorded in this window.',
    )
  })
})
