// Reading a /proc or /sys file. These come from kernel memory, not a disk: a synchronous read takes tens
// of microseconds, while fs.promises.readFile costs about ten times the CPU in thread-pool hops and
// buffers (measured by `npm run bench -- sampler`). So the sampler reads them synchronously, a few at a
// time, well inside its 2 ms event-loop budget.
import { readFileSync } from 'node:fs'

export function readProcText(path: string): string {
  return readFileSync(path, 'utf8')
}

/** Undefined when the file is gone (a process that ended, a sensor that went away) or unreadable. */
export function tryReadProcText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
