import { describe, expect, it } from 'vitest'
import {
  parseCommandLine,
  parsePasswd,
  parseProcessStat,
  parseProcessStatus,
  processInfos,
  type ProcessSample,
} from './processes'

describe('process files', () => {
  it('reads state and CPU ticks even when the name holds spaces and parentheses', () => {
    const stat = '4242 (my (weird) proc) S 1 4242 4242 0 -1 4194560 500 0 0 0 120 30 0 0 20 0 1 0 100 1000 50'
    expect(parseProcessStat(stat)).toEqual({ state: 'S', ppid: 1, cpuTicks: 150 })
  })

  it('reads the command line, its arguments separated by NULs; kernel threads have none', () => {
    expect(parseCommandLine('node\u0000server.js\u0000--port\u0000\u0000')).toBe('node server.js --port')
    expect(parseCommandLine('sleep\u0000600\u0000')).toBe('sleep 600')
    expect(parseCommandLine('')).toBe('')
  })

  it('reads name, owner and resident memory from status; kernel threads have none', () => {
    const status =
      'Name:\tnode\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t1000\t1000\t1000\nVmRSS:\t   51200 kB\n'
    expect(parseProcessStatus(status)).toEqual({ name: 'node', uid: 1000, memBytes: 51200 * 1024 })
    expect(parseProcessStatus('Name:\tkworker/0:1\nUid:\t0\t0\t0\t0\n').memBytes).toBe(0)
  })

  it('maps user ids to names', () => {
    expect(parsePasswd('root:x:0:0:root:/root:/bin/bash\nana:x:1000:1000::/home/ana:/bin/sh\n')).toEqual(
      new Map([
        [0, 'root'],
        [1000, 'ana'],
      ]),
    )
  })

  it('gives CPU shares where 100 % is one core busy', () => {
    const sample = (pid: number, cpuTicks: number): ProcessSample => ({
      pid,
      ppid: 1,
      name: `p${pid}`,
      uid: 0,
      state: 'R',
      cpuTicks,
      memBytes: 1,
    })
    const previous = new Map([
      [1, sample(1, 100)],
      [2, sample(2, 100)],
    ])
    const infos = processInfos(previous, [sample(1, 300), sample(2, 150), sample(3, 999)], 2, new Map([[0, 'root']]))
    expect(infos.map((info) => [info.pid, info.cpuPct, info.user, info.state])).toEqual([
      [1, 100, 'root', 'running'],
      [2, 25, 'root', 'running'],
      [3, 0, 'root', 'running'],
    ])
  })
})
