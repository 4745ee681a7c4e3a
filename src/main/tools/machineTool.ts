// describe_machine: what this machine is: host, OS and kernel, CPU, memory, uptime, the storage mounts
// with their size and free space, the network interfaces with their addresses, and the time zone.
import { statfs } from 'node:fs/promises'
import { networkInterfaces } from 'node:os'
import { z } from 'zod'
import { formatBytes, formatDuration } from '../../shared/format'
import type { MachineInfo } from '../../shared/protocol'
import { defineTool, type Tool } from './toolBox'
import { formatMoment, timeZoneName } from './toolTime'

/** A stale network mount can leave statfs waiting: its size is left out after this long. */
const statfsTimeoutMs = 500

async function sizeOf(mount: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), statfsTimeoutMs)))
  const stats = await Promise.race([statfs(mount).catch(() => undefined), late]).finally(() => clearTimeout(timer))
  if (!stats || stats.blocks === 0) return 'size unknown'
  const total = stats.blocks * stats.bsize
  const free = stats.bavail * stats.bsize
  return `${formatBytes(total)}, ${formatBytes(free)} free (${(((total - free) / total) * 100).toFixed(1)} % used)`
}

function interfaceLines(): string[] {
  return Object.entries(networkInterfaces()).map(([name, addresses]) => {
    const list = (addresses ?? []).map((address) => address.cidr ?? address.address)
    const mac = addresses?.find((address) => address.mac !== '00:00:00:00:00:00')?.mac
    return `- ${name}: ${list.join(', ') || 'no address'}${mac ? ` (MAC ${mac})` : ''}`
  })
}

export function createMachineTool(machineInfo: () => Promise<MachineInfo>): Tool {
  return defineTool({
    name: 'describe_machine',
    description: () =>
      'What this machine is: host name, OS and kernel, CPU model and cores, memory, uptime, storage mounts with ' +
      'size and free space, network interfaces with their addresses, and the time zone and time now.',
    schema: z.strictObject({}),
    cutHint: 'the rest of the mounts and interfaces was left out',
    async run(_args, out, { now }) {
      const info = await machineInfo()
      const sizes = await Promise.all(info.fileSystems.map((fileSystem) => sizeOf(fileSystem.mount)))
      out.add(`Host ${info.hostname}: ${info.os}, kernel ${info.kernel}, ${info.arch}.`)
      out.add(`CPU: ${info.cpuModel}, ${info.cores} logical cores. Memory: ${formatBytes(info.memTotalBytes)}.`)
      out.add(
        `Now ${formatMoment(now)} (time zone ${timeZoneName()}); booted ${formatMoment(info.bootTime)}, up ${formatDuration((now - info.bootTime) / 1000)}.`,
      )
      out.add('Storage mounts:')
      info.fileSystems.forEach((fileSystem, index) =>
        out.add(`- ${fileSystem.mount} (${fileSystem.device}, ${fileSystem.type}): ${sizes[index]}`),
      )
      out.add('Network interfaces:')
      for (const line of interfaceLines()) out.add(line)
    },
  })
}
