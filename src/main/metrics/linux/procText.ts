// Reading a /proc or /sys file. These come from kernel memory, not a disk: a synchronous read takes tens
// of microseconds, while fs.promises.readFile costs about ten times the CPU in thread-pool hops and
// buffers (measured by `npm run bench -- sampler`). So the sampler reads them synchronously, a few at a
// time, well inside its 2 ms event-loop budget.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'

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

export interface ProcFile {
  /** The file's bytes as the kernel writes them now; a view of the file's own buffer, valid until the next read. */
  read(): Buffer
  close(): void
}

/** Room for the counter files of a small machine at the first read; the buffer doubles when a file needs more. */
const initialBufferBytes = 4096

/**
 * A counter file read every second, kept open from its first read until close(): the kernel writes the
 * file afresh for every read that starts at offset 0 (seq_file), so one descriptor serves every reading
 * and saves the open, fstat and close a readFileSync pays each time. A read returns at most a page of
 * records, hence the loop until the read that returns nothing. The bytes are parsed as they are
 * (procBytes.ts): no text is decoded.
 */
export function openProcFile(path: string): ProcFile {
  let descriptor: number | undefined
  let buffer = Buffer.allocUnsafe(initialBufferBytes)
  return {
    read() {
      descriptor ??= openSync(path, 'r')
      let length = 0
      for (;;) {
        if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)])
        const bytesRead = readSync(descriptor, buffer, length, buffer.length - length, length)
        if (bytesRead === 0) return buffer.subarray(0, length)
        length += bytesRead
      }
    },
    close() {
      if (descriptor !== undefined) closeSync(descriptor)
      descriptor = undefined
    },
  }
}
