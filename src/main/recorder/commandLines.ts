// The command lines of the recorded processes, read from /proc/PID/cmdline only when the user turned
// them on (they can hold secrets: tokens and passwords passed as arguments). Each is cut to a bound.
import { open } from 'node:fs/promises'
import type { RecordedProcess } from '../../shared/recorder'

/** The longest command line kept, in bytes read. */
export const maxCommandBytes = 4096

async function readCommandLine(pid: number): Promise<string | undefined> {
  let file
  try {
    file = await open(`/proc/${pid}/cmdline`, 'r')
    const buffer = Buffer.alloc(maxCommandBytes)
    const { bytesRead } = await file.read(buffer, 0, maxCommandBytes, 0)
    const command = buffer.subarray(0, bytesRead).toString('utf8').split('\0').filter(Boolean).join(' ')
    return command || undefined
  } catch {
    // The process ended since it was listed, it is not ours to read, or this is not Linux: no command line.
    return undefined
  } finally {
    await file?.close()
  }
}

/** The processes, each with its command line where one can be read (kernel threads have none). */
export async function withCommandLines(processes: readonly RecordedProcess[]): Promise<RecordedProcess[]> {
  return Promise.all(
    processes.map(async (entry) => {
      const command = await readCommandLine(entry.pid)
      return command === undefined ? entry : { ...entry, command }
    }),
  )
}
