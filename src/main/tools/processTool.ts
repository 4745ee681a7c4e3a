// top_processes: the processes the recorder kept (the top 20 by CPU and by memory of each snapshot), at
// one moment or summed up over a range: per process, its average and highest CPU share, its highest
// memory, and in how many of the range's snapshots it was among the top.
import { z } from 'zod'
import { VigilError } from '../../shared/errors'
import { formatBytes } from '../../shared/format'
import type { ProcessSnapshot, RecordedProcess } from '../../shared/recorder'
import type { RecorderReader } from '../recorder'
import { defineTool, type Tool } from './toolBox'
import { formatMoment, momentSchema, parseMoment, rangeHeader, resolveRange, timeZoneName } from './toolTime'

/** Snapshots read over a range at most: a long range is sampled at this many evenly spread moments. */
const maxSnapshots = 240

const schema = z.strictObject({
  at: momentSchema('at', 'one moment; without at, from and to: now').optional(),
  from: momentSchema('from', 'with to: a range instead of a moment').optional(),
  to: momentSchema('to').optional(),
  sort: z.enum(['cpu', 'memory']).default('cpu').describe('cpu (CPU share) or memory (resident memory)'),
  limit: z.number().int().min(1).max(40).default(10).describe('processes listed, 1 to 40'),
})

interface ProcessTotals {
  process: RecordedProcess
  cpuSum: number
  cpuMax: number
  memMax: number
  seen: number
}

/** Every snapshot of a short range; a long one sampled at evenly spread moments. */
function snapshotsOver(
  recorder: Pick<RecorderReader, 'processes' | 'processesAt'>,
  from: number,
  to: number,
): { snapshots: ProcessSnapshot[]; isSampled: boolean } {
  const all = recorder.processes(from, to, maxSnapshots)
  if (!all.isTruncated) return { snapshots: all.snapshots, isSampled: false }
  const stepMs = (to - from) / maxSnapshots
  const seen = new Set<number>()
  const snapshots: ProcessSnapshot[] = []
  for (let index = 1; index <= maxSnapshots; index += 1) {
    const snapshot = recorder.processesAt(Math.round(from + index * stepMs))
    if (snapshot && snapshot.t >= from && !seen.has(snapshot.t)) {
      seen.add(snapshot.t)
      snapshots.push(snapshot)
    }
  }
  return { snapshots, isSampled: true }
}

const cpuText = (pct: number) => `${pct.toFixed(1)} %`

export function createProcessTool(recorder: Pick<RecorderReader, 'processes' | 'processesAt'>): Tool {
  return defineTool({
    name: 'top_processes',
    description: () =>
      'The processes using the most CPU or memory on this machine, as the recorder kept them (a snapshot every ' +
      'few seconds of the top 20 by CPU and the top 20 by memory). Give `at` for one moment (the snapshot at or ' +
      'just before it), or `from` and `to` for a range (per process: average and highest CPU, highest memory, ' +
      'and in how many snapshots it was near the top). CPU is a percentage of one core (a busy single thread is ' +
      'about 100 %); memory is resident memory.',
    schema,
    cutHint: 'ask for fewer processes',
    async run(args, out, { now }) {
      const isRange = args.from !== undefined || args.to !== undefined
      if (isRange && args.at !== undefined)
        throw new VigilError('bad_request', 'give either at, or from and to, not both')
      if (isRange && (args.from === undefined || args.to === undefined))
        throw new VigilError('bad_request', 'a range needs both from and to')
      const byKey = (totals: ProcessTotals) => (args.sort === 'cpu' ? totals.cpuSum / totals.seen : totals.memMax)
      if (!isRange) {
        const at = parseMoment(args.at ?? 'now', now)!
        const snapshot = recorder.processesAt(at)
        if (!snapshot) {
          out.add(
            `No process snapshot was recorded in the 15 s up to ${formatMoment(at)} (time zone ${timeZoneName()}).`,
          )
          return
        }
        const sorted = [...snapshot.processes].sort((a, b) =>
          args.sort === 'cpu' ? b.cpuPct - a.cpuPct : b.memBytes - a.memBytes,
        )
        out.add(
          `Top ${Math.min(args.limit, sorted.length)} processes by ${args.sort} in the snapshot at ${formatMoment(snapshot.t)} (time zone ${timeZoneName()}); CPU in % of one core, memory resident.`,
        )
        out.add('pid | name | user | CPU | memory')
        for (const process of sorted.slice(0, args.limit))
          if (
            !out.add(
              `${process.pid} | ${process.name} | ${process.user} | ${cpuText(process.cpuPct)} | ${formatBytes(process.memBytes)}`,
            )
          )
            return
        return
      }
      const { from, to } = resolveRange({ from: args.from!, to: args.to! }, now)
      const { snapshots, isSampled } = snapshotsOver(recorder, from, to)
      out.add(`Top processes by ${args.sort} ${rangeHeader(from, to)}.`)
      if (snapshots.length === 0) {
        out.add('No process snapshot was recorded in this range.')
        return
      }
      out.add(
        `${snapshots.length} snapshots${isSampled ? ` sampled evenly over the range (one every ${Math.round((to - from) / maxSnapshots / 1000)} s)` : ''}, ` +
          `${formatMoment(snapshots[0]!.t)} to ${formatMoment(snapshots.at(-1)!.t)}. CPU in % of one core: average over the snapshots it was in, and highest; memory resident, highest.`,
      )
      const totals = new Map<string, ProcessTotals>()
      for (const snapshot of snapshots)
        for (const process of snapshot.processes) {
          const key = `${process.pid}\n${process.name}`
          const entry = totals.get(key) ?? { process, cpuSum: 0, cpuMax: 0, memMax: 0, seen: 0 }
          entry.cpuSum += process.cpuPct
          entry.cpuMax = Math.max(entry.cpuMax, process.cpuPct)
          entry.memMax = Math.max(entry.memMax, process.memBytes)
          entry.seen += 1
          totals.set(key, entry)
        }
      const ranked = [...totals.values()].sort((a, b) => byKey(b) - byKey(a)).slice(0, args.limit)
      out.add('pid | name | user | CPU average | CPU highest | memory highest | in snapshots')
      for (const entry of ranked)
        if (
          !out.add(
            `${entry.process.pid} | ${entry.process.name} | ${entry.process.user} | ${cpuText(entry.cpuSum / entry.seen)} | ` +
              `${cpuText(entry.cpuMax)} | ${formatBytes(entry.memMax)} | ${entry.seen} of ${snapshots.length}`,
          )
        )
          return
    },
  })
}
