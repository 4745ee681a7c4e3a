// top_processes over a fake recorder: a moment reads one snapshot; a range sums up each process over
// every snapshot, or over evenly spread moments when the range holds more than it reads.
import { describe, expect, it } from 'vitest'
import type { ProcessSnapshot } from '../../shared/recorder'
import type { ToolCallContext } from '../../shared/tools'
import type { RecorderReader } from '../recorder'
import { createProcessTool } from './processTool'

const now = Date.parse('2026-12-04T14:00:00Z')
const context: ToolCallContext & { now: number } = { isOffMachine: false, signal: new AbortController().signal, now }

/** A snapshot every 5 s over the last `seconds`: a busy "encoder" in the second half, a steady "postgres". */
function snapshotsOver(seconds: number): ProcessSnapshot[] {
  return Array.from({ length: seconds / 5 }, (_, index) => {
    const t = now - seconds * 1000 + (index + 1) * 5000
    const isBusy = index >= seconds / 10
    return {
      t,
      processes: [
        { pid: 10, name: 'postgres', user: 'postgres', cpuPct: 20, memBytes: 900e6 },
        ...(isBusy ? [{ pid: 42, name: 'encoder', user: 'ana', cpuPct: 100, memBytes: 100e6 }] : []),
      ],
    }
  })
}

function fakeRecorder(snapshots: ProcessSnapshot[]): Pick<RecorderReader, 'processes' | 'processesAt'> {
  return {
    processes(from, to, limit) {
      const inRange = snapshots.filter((snapshot) => snapshot.t >= from && snapshot.t <= to)
      return { snapshots: inRange.slice(0, limit), isTruncated: inRange.length > limit }
    },
    processesAt: (at) => snapshots.findLast((snapshot) => snapshot.t <= at && snapshot.t > at - 15_000),
  }
}

describe('top_processes', () => {
  it('lists the snapshot at a moment, sorted as asked', async () => {
    const tool = createProcessTool(fakeRecorder(snapshotsOver(60)))
    const byCpu = await tool.call({}, context)
    expect(byCpu.text).toMatch(
      /pid \| name \| user \| CPU \| memory\n42 \| encoder \| ana \| 100\.0 % \| 95\.4 MiB\n10 \| postgres/,
    )
    const byMemory = await tool.call({ sort: 'memory', limit: 1 }, context)
    expect(byMemory.text).toMatch(/memory\n10 \| postgres[^\n]*$/)
    const long = await tool.call({ at: '-1h' }, context)
    expect(long.text).toMatch(/^No process snapshot was recorded in the 15 s up to/)
  })

  it('sums up every snapshot of a short range', async () => {
    const tool = createProcessTool(fakeRecorder(snapshotsOver(60)))
    const result = await tool.call({ from: '-1m', to: 'now' }, context)
    expect(result.text).toContain('12 snapshots, ')
    expect(result.text).toContain('42 | encoder | ana | 100.0 % | 100.0 % | 95.4 MiB | 6 of 12')
    expect(result.text).toContain('10 | postgres | postgres | 20.0 % | 20.0 % | 858 MiB | 12 of 12')
  })

  it('samples a long range at evenly spread moments', async () => {
    const tool = createProcessTool(fakeRecorder(snapshotsOver(6 * 3600)))
    const result = await tool.call({ from: '-6h', to: 'now' }, context)
    expect(result.text).toMatch(/240 snapshots sampled evenly over the range \(one every 90 s\)/)
    expect(result.text).toMatch(/42 \| encoder \| ana \| 100\.0 % \| 100\.0 % \| 95\.4 MiB \| 120 of 240/)
  })
})
