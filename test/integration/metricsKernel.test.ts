// The sampler's numbers against what the kernel and the test itself know, with real load: a busy loop
// pinned to one core, a file written at a known rate with fsync, a known transfer over loopback.
// Other test files run at the same time on these two cores, so each check is one their load cannot
// break: a pinned busy core reads near 100 % whatever else runs, and byte counts get a tight lower bound.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, open, readFile, readlink, rm, stat, statfs } from 'node:fs/promises'
import { createServer, connect } from 'node:net'
import { cpus, loadavg, tmpdir, userInfo } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { MetricSample } from '../../src/shared/protocol'
import { createLogger } from '../../src/main/logger'
import type { Capability } from '../../src/main/capability'
import { createMetrics, type Metrics } from '../../src/main/metrics'
import { parseMeminfo } from '../../src/main/metrics/linux/procfs'
import { createLinuxFileSystemCollector } from '../../src/main/metrics/linux/slowCollectors'
import { seriesKeys } from '../../src/shared/series'
import { canMountImages, makeExt4Image } from '../support/diskImages'

const intervalMs = 500
let metrics: Capability<Metrics> | undefined
let child: ChildProcess | undefined
let sleeper: ChildProcess | undefined

afterEach(() => {
  metrics?.dispose()
  metrics = undefined
  if (child?.pid) process.kill(child.pid, 'SIGKILL')
  child = undefined
  if (sleeper?.pid) process.kill(sleeper.pid, 'SIGKILL')
  sleeper = undefined
})

async function startMetrics(): Promise<{ metrics: Metrics; samples: MetricSample[] }> {
  metrics = await createMetrics({
    intervalMs,
    logger: createLogger(() => undefined),
    instanceId: 'kernel-test',
    keepAliveMs: 15_000,
  })
  const samples: MetricSample[] = []
  metrics.api.sampler.onSample((sample) => samples.push(sample))
  return { metrics: metrics.api, samples }
}

const wait = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** Bytes a rate series adds up to over the samples from `fromSeq` on: each rate covers the time since the previous sample. */
function integrate(samples: MetricSample[], key: string, fromSeq: number): number {
  let total = 0
  for (let index = 1; index < samples.length; index += 1) {
    const sample = samples[index]!
    if (sample.seq <= fromSeq) continue
    total += (sample.values[key] ?? 0) * ((sample.t - samples[index - 1]!.t) / 1000)
  }
  return total
}

describe.runIf(process.platform === 'linux')('metrics against the kernel', () => {
  it.runIf(cpus().length >= 2 && existsSync('/usr/bin/taskset'))(
    'reads a busy loop pinned to core 1 as that core near 100 % and the total as the mean of the cores',
    async () => {
      const { metrics, samples } = await startMetrics()
      child = spawn('/usr/bin/taskset', ['-c', '1', process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' })
      sleeper = spawn('sleep', ['60'], { stdio: 'ignore' })
      await wait(1000)
      const fromSeq = samples.at(-1)?.seq ?? -1
      await wait(3000)
      const measured = samples.filter((sample) => sample.seq > fromSeq)
      expect(measured.length).toBeGreaterThanOrEqual(4)
      const busyCore = median(measured.map((sample) => sample.values.core1_total_pct!))
      const total = median(measured.map((sample) => sample.values.cpu_total_pct!))
      const coreMean = median(
        measured.map((sample) => (sample.values.core0_total_pct! + sample.values.core1_total_pct!) / 2),
      )
      expect(busyCore).toBeGreaterThanOrEqual(90)
      // One of two cores busy: at least half, and the total is the mean of the two cores (within 5 points).
      expect(total).toBeGreaterThanOrEqual(45)
      expect(Math.abs(total - coreMean)).toBeLessThan(5)
      expect(
        measured.every(
          (sample) => sample.values.cpu_user_pct! + sample.values.cpu_system_pct! <= sample.values.cpu_total_pct! + 0.5,
        ),
      ).toBe(true)

      const { processes } = await metrics.processes.list({ sort: 'cpu' })
      // taskset execs node in place, so the busy loop keeps the child's pid. How large a share of core 1 it
      // gets depends on what else runs there, so it is compared with a sleeping process, never with a number.
      const busy = processes.find((entry) => entry.pid === child!.pid)
      const idle = processes.find((entry) => entry.pid === sleeper!.pid)
      expect(busy).toMatchObject({ name: 'node', user: userInfo().username, state: 'running' })
      // The list holds the top processes only: a sleeping one is at 0 % when it is there at all.
      expect(idle?.cpuPct ?? 0).toBe(0)
      expect(busy!.cpuPct).toBeGreaterThan(0)
    },
  )

  it('agrees with /proc/meminfo on memory', async () => {
    const { samples } = await startMetrics()
    while (samples.length === 0) await wait(50)
    const meminfo = parseMeminfo(await readFile('/proc/meminfo'))
    const { values } = samples.at(-1)!
    expect(values.mem_total_bytes).toBe(meminfo.totalBytes)
    // Memory moves between two reads; 64 MiB is far more than it moves in a moment.
    expect(Math.abs(values.mem_used_bytes! - (meminfo.totalBytes - meminfo.availableBytes))).toBeLessThan(
      64 * 1024 * 1024,
    )
    expect(Math.abs(values.mem_available_bytes! - meminfo.availableBytes)).toBeLessThan(64 * 1024 * 1024)
    expect(values.mem_used_pct).toBeCloseTo((values.mem_used_bytes! / values.mem_total_bytes!) * 100, 1)
  })

  it('reads the load averages exactly as os.loadavg() does', async () => {
    const { samples } = await startMetrics()
    while (samples.length === 0) await wait(50)
    // The kernel updates them every 5 s: a sample taken between two calls holds one call's figures or the other's.
    const seen = samples.length
    const before = loadavg()
    while (samples.length === seen) await wait(10)
    const after = loadavg()
    const { values } = samples.at(-1)!
    const asSampled = (loads: number[]) => loads.map((load) => Math.round(load * 100) / 100)
    expect([asSampled(before), asSampled(after)]).toContainEqual([values.load_1, values.load_5, values.load_15])
  })

  it('sees a file written at a known rate in its disk’s write rate', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'vigil-disk-'))
    try {
      const device = await diskOf(folder)
      const key = `disk_${device}_write_bytes_per_s`
      const { samples } = await startMetrics()
      while (samples.length < 2) await wait(50)
      const fromSeq = samples.at(-1)!.seq
      const chunk = Buffer.alloc(4 * 1024 * 1024, 7)
      const chunks = 12
      const file = await open(join(folder, 'known-rate.bin'), 'w')
      for (let index = 0; index < chunks; index += 1) {
        await file.write(chunk)
        await file.sync()
        await wait(200)
      }
      await file.close()
      await wait(1500)
      const written = chunks * chunk.length
      // Every fsynced byte reaches the disk; the journal and other writers only add to it.
      expect(integrate(samples, key, fromSeq)).toBeGreaterThanOrEqual(written * 0.95)
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  it('sees a known loopback transfer in lo’s counters and rates', async () => {
    const { samples } = await startMetrics()
    while (samples.length < 2) await wait(50)
    const before = samples.at(-1)!
    const transferBytes = 64 * 1024 * 1024
    await transferOverLoopback(transferBytes)
    await wait(1500)
    const after = samples.at(-1)!
    const counted = after.values.net_lo_rx_bytes! - before.values.net_lo_rx_bytes!
    // The transfer's bytes plus TCP/IP headers (about 2 %) and whatever else used loopback meanwhile.
    expect(counted).toBeGreaterThanOrEqual(transferBytes)
    expect(integrate(samples, 'net_lo_rx_bytes_per_s', before.seq)).toBeGreaterThanOrEqual(transferBytes * 0.95)
    // Loopback traffic is not network use: the machine-wide total leaves it out.
    expect(after.values.net_total_rx_bytes! - before.values.net_total_rx_bytes!).toBeLessThan(transferBytes / 10)
  })

  it.runIf(canMountImages)(
    'reports an ext4 file system mounted while it runs with statfs’s figures, and drops it once unmounted',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'vigil-fs-'))
      const image = join(folder, 'disk.img')
      const mountPoint = join(folder, 'mounted')
      await mkdir(mountPoint)
      makeExt4Image(image)
      const collector = createLinuxFileSystemCollector()
      let isMounted = false
      try {
        const sizeKey = seriesKeys.fs(mountPoint, 'size_bytes')
        expect(await collector.collect()).not.toHaveProperty([sizeKey])
        execFileSync('mount', ['-o', 'loop', image, mountPoint])
        isMounted = true
        const stats = await statfs(mountPoint)
        const values = await collector.collect()
        expect(values[sizeKey]).toBe(stats.blocks * stats.bsize)
        expect(values[seriesKeys.fs(mountPoint, 'used_bytes')]).toBe((stats.blocks - stats.bfree) * stats.bsize)
        expect(values[seriesKeys.fs(mountPoint, 'free_bytes')]).toBe(stats.bavail * stats.bsize)
        execFileSync('umount', [mountPoint])
        isMounted = false
        expect(await collector.collect()).not.toHaveProperty([sizeKey])
      } finally {
        collector.dispose?.()
        if (isMounted) execFileSync('umount', [mountPoint])
        await rm(folder, { recursive: true, force: true })
      }
    },
  )
})

/** The whole-disk name (as in /proc/diskstats) behind a folder: /sys/dev/block/MAJOR:MINOR, or its parent for a partition. */
async function diskOf(folder: string): Promise<string> {
  const { dev } = await stat(folder)
  // glibc's major()/minor() for a 32-bit dev_t.
  const major = (dev >>> 8) & 0xfff
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00)
  const node = `/sys/dev/block/${major}:${minor}`
  const device = basename(await readlink(node))
  return existsSync(`${node}/partition`) ? basename(join(await readlink(node), '..')) : device
}

function transferOverLoopback(bytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      let received = 0
      socket.on('data', (data) => {
        received += data.length
        if (received >= bytes) {
          socket.end()
          server.close()
          resolve()
        }
      })
    })
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number }
      const client = connect(address.port, '127.0.0.1', () => {
        const block = Buffer.alloc(1024 * 1024, 1)
        for (let sent = 0; sent < bytes; sent += block.length) client.write(block)
        client.end()
      })
      client.on('error', reject)
    })
  })
}
