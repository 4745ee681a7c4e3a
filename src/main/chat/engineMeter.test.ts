// The local inference meter against this test's own listening socket: the process found is this one.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import type { EngineReading } from '../../shared/chat'
import { findListeningProcess, listeningInodes, startEngineMeter } from './engineMeter'

const table = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:2B67 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41234 1 0000000000000000 100 0 0 10 0
   1: 0100007F:2B67 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 41299 1 0000000000000000 20 4 30 10 -1
   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17001 1 0000000000000000 100 0 0 10 0
`

describe('the local inference meter', () => {
  it('reads the listening sockets of a port from a /proc/net/tcp table, not the connected ones', () => {
    expect(listeningInodes(table, 0x2b67)).toEqual(['41234'])
    expect(listeningInodes(table, 22)).toEqual(['17001'])
    expect(listeningInodes(table, 80)).toEqual([])
    expect(listeningInodes('', 80)).toEqual([])
  })

  it.runIf(process.platform === 'linux')(
    'finds the process listening on a port, and reads it while it works',
    async () => {
      const server = createServer((_request, response) => response.end('ok'))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { port } = server.address() as AddressInfo
      try {
        expect(await findListeningProcess(port)).toBe(process.pid)
        // Found again from what it remembers of the port, the same.
        expect(await findListeningProcess(port)).toBe(process.pid)
        const readings: EngineReading[] = []
        const meter = startEngineMeter(`http://127.0.0.1:${port}/v1`, (reading) => readings.push(reading), 20)
        await expect.poll(() => readings.length).toBeGreaterThanOrEqual(2)
        const peak = meter.stop()!
        expect(readings[0]).toMatchObject({ pid: process.pid, name: expect.any(String) })
        expect(readings.every((reading) => reading.memBytes > 0 && reading.cpuPct >= 0)).toBe(true)
        expect(peak.pid).toBe(process.pid)
        expect(peak.memBytes).toBe(Math.max(...readings.map((reading) => reading.memBytes)))
        expect(peak.cpuPct).toBe(Math.max(...readings.map((reading) => reading.cpuPct)))
      } finally {
        server.close()
      }
      expect(startEngineMeter(`http://127.0.0.1:${port}/v1`, () => undefined).stop()).toBeUndefined()
    },
  )
})
