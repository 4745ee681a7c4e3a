// What the core feeds the recorder with from the metrics face: the top processes by CPU and by memory.
import type { ProcessInfo } from '../../shared/protocol'
import type { ProcessMonitor } from '../metrics'

/** Every process the monitor ranks first by CPU or by memory (the monitor shares one reading between the two). */
export function readTopProcesses(monitor: ProcessMonitor): () => Promise<readonly ProcessInfo[]> {
  return async () => {
    const [byCpu, byMemory] = await Promise.all([monitor.list({ sort: 'cpu' }), monitor.list({ sort: 'memory' })])
    return [...byCpu.processes, ...byMemory.processes]
  }
}
