// The machine header: host, OS, kernel, CPU, memory, boot time, and the storage mounts. Static, so read
// once (systeminformation's osInfo and cpu are the sensible source here; they cost tens of ms, once).
import { hostname, totalmem, uptime } from 'node:os'
import si from 'systeminformation'
import type { FileSystemInfo, MachineInfo } from '../../shared/protocol'
import { readStorageMounts } from './linux/slowCollectors'

async function readFileSystems(): Promise<FileSystemInfo[]> {
  if (process.platform === 'linux')
    return readStorageMounts().map(({ mount, device, type }) => ({ mount, device, type }))
  return (await si.fsSize()).map((entry) => ({ mount: entry.mount, device: entry.fs, type: entry.type }))
}

export function createMachineInfoReader(): () => Promise<MachineInfo> {
  let cached: Promise<Omit<MachineInfo, 'fileSystems'>> | undefined
  const readStatic = async () => {
    const [os, cpu] = await Promise.all([si.osInfo(), si.cpu()])
    return {
      hostname: hostname(),
      os: [os.distro, os.release].filter(Boolean).join(' '),
      kernel: os.kernel,
      arch: os.arch,
      cpuModel: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' '),
      cores: cpu.cores,
      memTotalBytes: totalmem(),
      bootTime: Date.now() - uptime() * 1000,
    }
  }
  return async () => {
    // Mounts come and go (USB drives), so they are read on every request; the rest once.
    const [info, fileSystems] = await Promise.all([(cached ??= readStatic()), readFileSystems()])
    return { ...info, fileSystems }
  }
}
