// A file source: a tailer while someone follows it, and reading back by byte offset. Positions are
// `<fileId>.<offset>` (fileId: device and inode), so a position never points into a different file.
import { open } from 'node:fs/promises'
import type { LogLine, LogSourceStatus } from '../../shared/logs'
import type { Logger } from '../logger'
import { findTailStart, readLines } from './fileReading'
import { createFileTailer, fileIdOf, type FileTailer, type TailNotice } from './fileTailer'
import type { FollowEvent, Follower, ReadResult } from './follower'
import { analyzeLine } from './lineLevel'
import type { SplitLine } from './lineSplitter'
import { createEmitter } from '../../shared/emitter'

export interface FileSource extends Follower {
  dispose(): Promise<void>
}

const noticeMessages: Record<TailNotice, string> = {
  rotated: 'The file was rotated: the old file was read to its end; what follows is the new file.',
  truncated: 'The file was truncated (copytruncate?): reading again from its start.',
  missing: 'The file is gone; waiting for it to come back.',
  back: 'The file is back: reading it from its start.',
  'permission-denied': 'Vigil may not read this file now; it will try again.',
}

function toLogLine(source: string, fileId: string, line: SplitLine): LogLine {
  const logLine: LogLine = { source, text: line.text, position: `${fileId}.${line.endOffset}` }
  const analysis = analyzeLine(line.text)
  if (analysis.level) logLine.level = analysis.level
  if (analysis.timestamp) logLine.timestamp = analysis.timestamp
  if (line.isPartial) logLine.isPartial = true
  if (line.isContinuation) logLine.isContinuation = true
  if (line.cutBytes > 0) logLine.cutBytes = line.cutBytes
  return logLine
}

export function parseFilePosition(position: string): { fileId: string; offset: number } | undefined {
  const match = /^([0-9a-z]+-[0-9a-z]+)\.(\d+)$/.exec(position)
  return match ? { fileId: match[1]!, offset: Number(match[2]) } : undefined
}

export async function createFileSource(sourceId: string, path: string, logger: Logger): Promise<FileSource> {
  const events = createEmitter<FollowEvent>()
  const broadcast = events.emit
  const tailer: FileTailer = await createFileTailer({
    path,
    onEvent(event) {
      if (event.kind === 'lines')
        broadcast({ kind: 'lines', lines: event.lines.map((line) => toLogLine(sourceId, event.fileId, line)) })
      else
        broadcast({
          kind: 'notice',
          notice: event.notice,
          message: noticeMessages[event.notice],
          position: event.fileId ? `${event.fileId}.${event.offset}` : undefined,
        })
    },
    onError: (error) => logger.error('logs', `following ${path} failed: ${error.message}`),
  })

  return {
    position() {
      const at = tailer.position()
      return at && `${at.fileId}.${at.offset}`
    },
    status: (): LogSourceStatus => tailer.status,
    subscribe: events.on,
    async read(range, until): Promise<ReadResult> {
      const end = parseFilePosition(until)
      if (!end) return { lines: [] }
      const handle = await open(path, 'r').catch(() => undefined)
      if (!handle) return { gap: 'the file cannot be opened now' }
      try {
        if (fileIdOf(await handle.stat()) !== end.fileId) return { gap: 'the file was replaced meanwhile' }
        let fromOffset: number
        if ('tailLines' in range) fromOffset = await findTailStart(handle, end.offset, range.tailLines)
        else {
          const start = parseFilePosition(range.after)
          if (!start || start.fileId !== end.fileId)
            return { gap: 'the file was rotated or replaced since then; its earlier lines cannot be read again' }
          if (start.offset > end.offset) return { gap: 'the file was truncated since then' }
          fromOffset = start.offset
        }
        const lines = await readLines(handle, fromOffset, end.offset)
        return { lines: lines.map((line) => toLogLine(sourceId, end.fileId, line)) }
      } finally {
        await handle.close()
      }
    },
    dispose: () => tailer.dispose(),
  }
}
