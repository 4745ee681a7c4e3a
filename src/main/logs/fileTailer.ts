// Follows one file by name, as `tail -F` does: through rename-and-create rotation (the old file is read
// to its end first, then the new one from its start), copytruncate (a shrink means: read again from the
// start), deletion and re-creation, a file that does not exist yet, and one it may not read.
// Lifecycle: runs from createFileTailer() until dispose(): one descriptor, one folder watch (inotify on
// Linux, for low latency) and one poll timer (a safety net: watches miss events on some file systems).
// Checks never overlap: a change noticed during a check runs one more check after it.
import { watch, type FSWatcher } from 'node:fs'
import { open, stat, type FileHandle } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { createLineSplitter, defaultMaxLineBytes, type LineSplitter, type SplitLine } from './lineSplitter'
import { findLineStart } from './fileReading'

export type TailNotice = 'rotated' | 'truncated' | 'missing' | 'back' | 'permission-denied'

export type TailStatus = 'following' | 'waiting' | 'permission-denied'

export type TailEvent =
  | { kind: 'lines'; fileId: string; lines: SplitLine[] }
  | { kind: 'notice'; notice: TailNotice; fileId: string; offset: number }

export interface FileTailerOptions {
  path: string
  onEvent(event: TailEvent): void
  /** A check that failed for a reason other than the file's absence or permissions (EIO, EMFILE…). */
  onError(error: Error): void
  pollMs?: number
  /** A last line without LF is shown as partial after this long without new bytes. */
  idleFlushMs?: number
  maxLineBytes?: number
  readChunkBytes?: number
}

export interface FileTailer {
  readonly status: TailStatus
  /** The file being followed (device and inode), and where its complete lines end. */
  position(): { fileId: string; offset: number } | undefined
  /** Resolves after one more check has run (tests and catch-up use it to settle). */
  checkNow(): Promise<void>
  dispose(): Promise<void>
}

interface OpenFile {
  handle: FileHandle
  fileId: string
  splitter: LineSplitter
}

export function fileIdOf(info: { dev: number; ino: number }): string {
  return `${info.dev.toString(36)}-${info.ino.toString(36)}`
}

export async function createFileTailer(options: FileTailerOptions): Promise<FileTailer> {
  const {
    path,
    onEvent,
    onError,
    pollMs = 500,
    idleFlushMs = 1000,
    maxLineBytes = defaultMaxLineBytes,
    readChunkBytes = 256 * 1024,
  } = options
  let current: OpenFile | undefined
  let status: TailStatus = 'waiting'
  let isDisposed = false
  let running: Promise<void> | undefined
  let isCheckRequested = false
  let lastGrowthAt = performance.now()
  // After a rotation the next file is expected: its arrival is part of the rotation, not a "back".
  let isAwaitingRotatedFile = false

  async function openCurrent(fromStart: boolean): Promise<void> {
    let handle: FileHandle
    try {
      handle = await open(path, 'r')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EACCES' || code === 'EPERM') {
        if (status !== 'permission-denied')
          onEvent({ kind: 'notice', notice: 'permission-denied', fileId: '', offset: 0 })
        status = 'permission-denied'
        // Once it said "denied", the file's arrival is news: it will be announced as back.
        isAwaitingRotatedFile = false
        return
      }
      if (code === 'ENOENT') {
        status = 'waiting'
        return
      }
      throw error
    }
    const info = await handle.stat()
    // At the first open, follow from the end, but from the start of a line; a file that appears later
    // (re-created, rotated in) is new, and read from its start.
    const startOffset = fromStart ? 0 : await findLineStart(handle, info.size)
    const wasWaiting = status !== 'following'
    current = { handle, fileId: fileIdOf(info), splitter: createLineSplitter(startOffset, maxLineBytes) }
    status = 'following'
    if (wasWaiting && fromStart && !isAwaitingRotatedFile)
      onEvent({ kind: 'notice', notice: 'back', fileId: current.fileId, offset: 0 })
    isAwaitingRotatedFile = false
  }

  /** Reads the open file from where it stands to its current end. */
  async function readToEnd(file: OpenFile): Promise<void> {
    const buffer = Buffer.allocUnsafe(readChunkBytes)
    for (;;) {
      const { bytesRead } = await file.handle.read(buffer, 0, readChunkBytes, file.splitter.offset)
      if (bytesRead === 0) return
      lastGrowthAt = performance.now()
      const lines = file.splitter.push(Buffer.from(buffer.subarray(0, bytesRead)), file.splitter.offset)
      if (lines.length > 0) onEvent({ kind: 'lines', fileId: file.fileId, lines })
    }
  }

  async function finish(file: OpenFile, notice: TailNotice): Promise<void> {
    await readToEnd(file)
    const partial = file.splitter.flushPartial()
    if (partial) onEvent({ kind: 'lines', fileId: file.fileId, lines: [partial] })
    await file.handle.close()
    current = undefined
    onEvent({ kind: 'notice', notice, fileId: file.fileId, offset: file.splitter.offset })
  }

  async function check(): Promise<void> {
    if (!current) {
      await openCurrent(true)
      if (current) await readToEnd(current)
      return
    }
    const byName = await stat(path).catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? undefined : Promise.reject(error),
    )
    if (!byName) {
      // The name is gone. If our file still has a link, it was renamed away: a rotation whose new file
      // is not there yet. With no link left, it was deleted.
      const isRenamed = (await current.handle.stat()).nlink > 0
      await finish(current, isRenamed ? 'rotated' : 'missing')
      isAwaitingRotatedFile = isRenamed
      status = 'waiting'
      return
    }
    if (fileIdOf(byName) !== current.fileId) {
      await finish(current, 'rotated')
      await openCurrent(true)
      if (current) await readToEnd(current)
      return
    }
    const { size } = await current.handle.stat()
    if (size < current.splitter.offset) {
      onEvent({ kind: 'notice', notice: 'truncated', fileId: current.fileId, offset: 0 })
      current.splitter = createLineSplitter(0, maxLineBytes)
    }
    await readToEnd(current)
    if (performance.now() - lastGrowthAt >= idleFlushMs) {
      const partial = current.splitter.flushPartial()
      if (partial) onEvent({ kind: 'lines', fileId: current.fileId, lines: [partial] })
    }
  }

  function requestCheck(): Promise<void> {
    if (isDisposed) return Promise.resolve()
    isCheckRequested = true
    running ??= runChecks()
    return running
  }

  async function runChecks(): Promise<void> {
    try {
      while (isCheckRequested && !isDisposed) {
        isCheckRequested = false
        await check()
      }
    } catch (error) {
      onError(error as Error)
    } finally {
      // Cleared in the same step as the last check: a request after it starts a new run.
      running = undefined
    }
  }

  await openCurrent(false)
  let watcher: FSWatcher | undefined
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, name) => {
      if (name === null || name === basename(path)) void requestCheck()
    })
    // A folder that goes away ends the watch; the poll goes on.
    watcher.on('error', () => watcher?.close())
  } catch {
    // No folder yet, or no watch support: the poll alone follows the file.
  }
  const poll = setInterval(() => void requestCheck(), pollMs)

  return {
    get status() {
      return status
    },
    position() {
      return current && { fileId: current.fileId, offset: current.splitter.pendingStartOffset }
    },
    checkNow: () => requestCheck(),
    async dispose() {
      isDisposed = true
      clearInterval(poll)
      watcher?.close()
      await running
      await current?.handle.close()
      current = undefined
    },
  }
}
