// A file source: a tailer while someone follows it, and reading back by byte offset. Positions are
// `<fileId>.<offset>` (fileId: device and inode), so a position never points into a different file.
// Reading back may cross a rotation: from a position in a file that was renamed away (still in the
// folder under its rotated name, found by its device and inode), its rest is read, then the current
// file from its start.
import { constants } from 'node:fs'
import { open, readdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { LineBatch, LogSourceStatus } from '../../shared/logs'
import { VigilError } from '../../shared/errors'
import type { Logger } from '../logger'
import { findTailStart, readBlocks } from './fileReading'
import { createRepeatedErrorLog } from './repeatedErrorLog'
import { createFileTailer, fileIdOf, type FileTailer, type TailNotice } from './fileTailer'
import type { FollowEvent, Follower, ReadPlan } from './follower'
import type { SplitLines } from './lineSplitter'
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
  'not-a-file': 'The path is no longer a regular file (a folder, a device or a FIFO?); Vigil will try again.',
}

/** Files of the folder looked at to find a rotated file by its device and inode. */
const maxFolderEntries = 1000

export function batchOf(source: string, fileId: string, lines: SplitLines): LineBatch {
  return { source, base: fileId, ...lines }
}

export function parseFilePosition(position: string): { fileId: string; offset: number } | undefined {
  const match = /^([0-9a-z]+-[0-9a-z]+)\.(\d+)$/.exec(position)
  return match ? { fileId: match[1]!, offset: Number(match[2]) } : undefined
}

/** A part of the range to read: a file known by path and id, and its byte range. */
interface Segment {
  path: string
  fileId: string
  from: number
  to: number
  /** The rest of a rotated file: its last line needs no LF. */
  isFinal: boolean
}

export async function createFileSource(sourceId: string, path: string, logger: Logger): Promise<FileSource> {
  const events = createEmitter<FollowEvent>()
  const broadcast = events.emit
  const errors = createRepeatedErrorLog(logger, path)
  const tailer: FileTailer = await createFileTailer({
    path,
    onEvent(event) {
      if (event.kind === 'lines') broadcast({ kind: 'lines', batch: batchOf(sourceId, event.fileId, event.lines) })
      else
        broadcast({
          kind: 'notice',
          notice: event.notice,
          message: noticeMessages[event.notice],
          position: event.fileId ? `${event.fileId}.${event.offset}` : undefined,
        })
    },
    onError: (error) => errors.error(error),
    onRecovered: () => errors.recovered(),
  })

  /** The file of the folder with this id and its size, when it is still there (renamed by a rotation). */
  async function findRotated(fileId: string): Promise<{ path: string; size: number } | undefined> {
    const folder = dirname(path)
    const names = await readdir(folder).catch(() => [] as string[])
    // Names that begin like the file's (app.log.1, app.log-20261203) first: rotations name them so.
    const prefix = basename(path)
    names.sort((a, b) => Number(b.startsWith(prefix)) - Number(a.startsWith(prefix)))
    for (const name of names.slice(0, maxFolderEntries)) {
      const candidate = join(folder, name)
      const info = await stat(candidate).catch(() => undefined)
      if (info?.isFile() && fileIdOf(info) === fileId) return { path: candidate, size: info.size }
    }
    return undefined
  }

  function planOf(segments: Segment[], gap?: string): ReadPlan {
    const first = segments[0]!
    const plan: ReadPlan = {
      from: `${first.fileId}.${first.from}`,
      bytes: segments.reduce((sum, segment) => sum + segment.to - segment.from, 0),
      async *batches() {
        for (const segment of segments) {
          const handle = await open(segment.path, constants.O_RDONLY | constants.O_NONBLOCK)
          try {
            if (fileIdOf(await handle.stat()) !== segment.fileId)
              throw new VigilError('conflict', 'The file was rotated or replaced while its lines were read again.')
            for await (const lines of readBlocks(handle, segment.from, segment.to, { isFinal: segment.isFinal })) {
              const batch = batchOf(sourceId, segment.fileId, lines)
              const end = lines.from + lines.steps.reduce((sum, step) => sum + step, 0)
              yield { batch, to: `${segment.fileId}.${end}` }
            }
          } finally {
            await handle.close()
          }
        }
      },
    }
    if (gap) plan.gap = gap
    return plan
  }

  return {
    position() {
      const at = tailer.position()
      return at && `${at.fileId}.${at.offset}`
    },
    status: (): LogSourceStatus => tailer.status,
    subscribe: events.on,
    async read(range, until) {
      const end = parseFilePosition(until)
      if (!end) return { gap: `${until} is not a position in a file` }
      // `until` is where the tailer is. It may not have seen a rotation yet: then its file is no longer at
      // the path but in the folder under its rotated name, and the range ends there.
      let endPath = path
      let handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined)
      const handleInfo = await handle?.stat().catch(() => undefined)
      if (!handleInfo?.isFile() || fileIdOf(handleInfo) !== end.fileId) {
        await handle?.close()
        const moved = await findRotated(end.fileId)
        if (!moved) return { gap: 'the file was replaced meanwhile' }
        endPath = moved.path
        handle = await open(endPath, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined)
      }
      if (!handle) return { gap: 'the file cannot be opened now' }
      try {
        const current = (from: number): Segment => ({
          path: endPath,
          fileId: end.fileId,
          from,
          to: end.offset,
          isFinal: false,
        })
        if ('tailLines' in range) return planOf([current(await findTailStart(handle, end.offset, range.tailLines))])
        const start = parseFilePosition(range.after)
        if (!start) return { gap: `${range.after} is not a position in a file` }
        if (start.fileId === end.fileId)
          return start.offset > end.offset
            ? planOf([current(0)], 'the file was truncated since then; it is read from its start')
            : planOf([current(start.offset)])
        const rotated = await findRotated(start.fileId)
        if (!rotated || rotated.size < start.offset)
          return planOf(
            [current(0)],
            'the file was rotated since then, and its old part is no longer in the folder; the new file is read from its start',
          )
        return planOf([
          { path: rotated.path, fileId: start.fileId, from: start.offset, to: rotated.size, isFinal: true },
          current(0),
        ])
      } finally {
        await handle.close()
      }
    },
    dispose: () => tailer.dispose(),
  }
}
