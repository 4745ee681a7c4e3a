import { describe, expect, it } from 'vitest'
import type { LogLine } from '../../../../shared/logs'
import { describeRows, rowsToText, type LogRow } from './logRow'

const names: Record<string, string> = { f1: 'app.log', vigil: 'Vigil', ingest: 'Ingest' }
const nameOf = (id: string) => names[id] ?? id
const lineRow = (source: string, text: string, extra: Partial<LogLine> = {}): LogRow => ({
  kind: 'line',
  line: { source, text, position: '1', ...extra },
})

describe('selected rows as text', () => {
  it('is the lines of one source exactly, one per line', () => {
    const rows = [lineRow('f1', 'first <b>line</b>'), lineRow('f1', '  indented\ttab')]
    expect(rowsToText(rows, nameOf)).toBe('first <b>line</b>\n  indented\ttab')
    expect(describeRows(rows, nameOf)).toBe('2 lines from app.log')
  })

  it('names the source of each line when several are merged', () => {
    const rows = [
      lineRow('f1', 'from the file'),
      lineRow('vigil', 'from Vigil'),
      lineRow('ingest', 'backup failed', { origin: 'cron' }),
    ]
    expect(rowsToText(rows, nameOf)).toBe('[app.log] from the file\n[Vigil] from Vigil\n[Ingest] [cron] backup failed')
    expect(describeRows(rows, nameOf)).toBe('3 lines from 3 sources')
    expect(describeRows(rows.slice(0, 2), nameOf)).toBe('2 lines from app.log and Vigil')
  })

  it('says where a line was cut and where markers stood, counting only lines', () => {
    const rows: LogRow[] = [
      lineRow('f1', 'x'.repeat(5), { cutBytes: 1200 }),
      { kind: 'notice', source: 'f1', notice: 'rotated', message: 'app.log was rotated; following the new file.' },
      { kind: 'skipped', range: { source: 'f1', count: 1234, fromPosition: 'a', toPosition: 'b' }, state: 'idle' },
    ]
    expect(rowsToText(rows, nameOf)).toBe(
      'xxxxx … [1,200 bytes cut]\n--- app.log was rotated; following the new file. ---\n--- 1,234 lines skipped because the viewer fell behind ---',
    )
    expect(describeRows(rows, nameOf)).toBe('1 line from app.log')
  })
})
