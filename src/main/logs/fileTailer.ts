// Follows one file by name, as `tail -F` does: through rename-and-create rotation (the old file is
// followed until the new one comes, read to its end, then the new one from its start), copytruncate (a
// shrink means: read from the copy what was written since our last read, then the file from its start),
// truncate-and-regrow (the same file, no shorter, but its first bytes changed), deletion and
// re-creation, a file that does not exist yet, one it may not read, and a path that is for a while a
// folder, a device or a FIFO (never opened blocking, announced once, retried with backoff).
// Reads are driven by the kernel: a folder watch (inotify on Linux) asks for a check on each change, and
// one check reads everything there is, in blocks, each block one event. A writer's steady stream of small
// writes is read at most every `minCheckIntervalMs` (its lines come in fewer, larger blocks, for a fraction
// of the work per line), except while files named like ours change beside it: a rotation is under way and
// every change is read at once, as tail -F does. A slow safety poll covers file systems whose watches
// miss events. Checks never overlap: a change noticed during one runs one more.
// Lifecycle: runs from createFileTailer() until dispose(): one descriptor, one folder watch, one timer.
import { constants, readSync, statSync, watch, type FSWatcher } from 'node:fs'
import { open, readdir, stat, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { findLineStart } from './fileReading'
import { createLineSplitter, defaultMaxLineBytes, type LineSplitter, type SplitLines } from './lineSplitter'

export type TailNotice = 'rotated' | 'truncated' | 'missing' | 'back' | 'permission-denied' | 'not-a-file'

export type TailStatus = 'following' | 'waiting' | 'permission-denied' | 'not-a-file'

export type TailEvent =
  | { kind: 'lines'; fileId: string; lines: SplitLines }
  | { kind: 'notice'; notice: TailNotice; fileId: string; offset: number }

export interface FileTailerOptions {
  path: string
  onEvent(event: TailEvent): void
  /** A check that failed for a reason other than the file's absence, kind or permissions (EIO, EMFILE…). */
  onError(error: Error): void
  /** Called after a check that succeeded, so repeated errors can be told over. */
  onRecovered?(): void
  /** The shortest time between two checks the watch asks for, outside a rotation (0: none). */
  minCheckIntervalMs?: number
  /** The safety poll; checks that keep failing back off from it up to `maxRetryMs`. */
  pollMs?: number
  maxRetryMs?: number
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
  /** The file's first bytes as read: a file truncated and regrown past our offset differs there. */
  head: Buffer
}

/** Bytes compared at the start of the file to tell it was rewritten. */
const headBytes = 64
/** Blocks read in one go before the event loop gets a turn (1 MiB at the default block size). */
const blocksPerTurn = 16
/** How long after a change to a file named like ours (app.log.1, app.log-20261204) every change is read at once. */
const rotationWatchMs = 1000
/** Files of the folder looked at for the copy a copytruncate made. */
const maxCopyCandidates = 100

export function fileIdOf(info: { dev: number; ino: number }): string {
  return `${info.dev.toString(36)}-${info.ino.toString(36)}`
}

class NotAFileError extends Error {}

export async function createFileTailer(options: FileTailerOptions): Promise<FileTailer> {
  const {
    path,
    onEvent,
    onError,
    onRecovered,
    minCheckIntervalMs = 50,
    pollMs = 2000,
    maxRetryMs = 30_000,
    idleFlushMs = 1000,
    maxLineBytes = defaultMaxLineBytes,
    readChunkBytes = 64 * 1024,
  } = options
  let current: OpenFile | undefined
  let status: TailStatus = 'waiting'
  let isDisposed = false
  let running: Promise<void> | undefined
  let isCheckRequested = false
  let lastGrowthAt = performance.now()
  let failures = 0
  // The offset up to which a partial flush was last considered: a pending line is due once, not again.
  let partialCheckedAt = -1
  let timer: ReturnType<typeof setTimeout> | undefined
  // A check the watch asked for within `minCheckIntervalMs` of the last one waits for this timer.
  let throttleTimer: ReturnType<typeof setTimeout> | undefined
  let lastCheckAt = -Infinity
  // When a file named like ours last changed: a rotation may be under way.
  let siblingChangedAt = -Infinity
  // After a rotation the next file is expected: its arrival is part of the rotation, not a "back".
  let isAwaitingRotatedFile = false
  const buffer = Buffer.allocUnsafe(readChunkBytes)

  // The problem last announced: told once until a file is open again, however the path changes meanwhile.
  let announced: TailNotice | undefined

  function announce(next: TailStatus, notice: TailNotice): void {
    if (announced !== notice) onEvent({ kind: 'notice', notice, fileId: '', offset: 0 })
    announced = notice
    status = next
    // Once it said "denied" or "not a file", the file's arrival is news: it will be announced as back.
    isAwaitingRotatedFile = false
  }

  async function readHead(handle: FileHandle, size: number): Promise<Buffer> {
    const head = Buffer.alloc(Math.min(headBytes, size))
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    return head.subarray(0, bytesRead)
  }

  async function openCurrent(fromStart: boolean): Promise<void> {
    let handle: FileHandle
    try {
      // Non-blocking: opening a FIFO for reading would otherwise wait for a writer, forever.
      handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EACCES' || code === 'EPERM') return announce('permission-denied', 'permission-denied')
      if (code === 'ENOENT') {
        status = 'waiting'
        return
      }
      throw error
    }
    const info = await handle.stat()
    if (!info.isFile()) {
      await handle.close()
      announce('not-a-file', 'not-a-file')
      throw new NotAFileError()
    }
    // At the first open, follow from the end, but from the start of a line; a file that appears later
    // (re-created, rotated in) is new, and read from its start.
    const startOffset = fromStart ? 0 : await findLineStart(handle, info.size)
    const wasWaiting = status !== 'following'
    current = {
      handle,
      fileId: fileIdOf(info),
      splitter: createLineSplitter(startOffset, maxLineBytes),
      head: await readHead(handle, info.size),
    }
    status = 'following'
    announced = undefined
    if (wasWaiting && fromStart && !isAwaitingRotatedFile)
      onEvent({ kind: 'notice', notice: 'back', fileId: current.fileId, offset: 0 })
    isAwaitingRotatedFile = false
  }

  /**
   * Reads the open file from where it stands up to `size` (or its end, when unknown), block by block.
   * Reads are synchronous, as the stat and the head compare are: a read of a cached block costs less than
   * a trip through the thread pool, and reacting fast is what keeps the lines a copytruncate writes
   * between its copy and its truncation. After `blocksPerTurn` blocks the event loop gets a turn.
   */
  async function readTo(file: OpenFile, size = Number.POSITIVE_INFINITY): Promise<void> {
    for (let blocks = 1; file.splitter.offset < size; blocks += 1) {
      const length = Math.min(readChunkBytes, size - file.splitter.offset)
      const bytesRead = readSync(file.handle.fd, buffer, 0, length, file.splitter.offset)
      if (bytesRead === 0) return
      lastGrowthAt = performance.now()
      if (file.head.length < headBytes && file.head.length === file.splitter.offset)
        file.head = Buffer.concat([
          file.head,
          buffer.subarray(0, Math.min(bytesRead, headBytes - file.splitter.offset)),
        ])
      const lines = file.splitter.push(buffer.subarray(0, bytesRead), file.splitter.offset)
      if (lines) onEvent({ kind: 'lines', fileId: file.fileId, lines })
      if (blocks % blocksPerTurn === 0) await new Promise((resolve) => setImmediate(resolve))
    }
  }

  function sendFinal(file: OpenFile): void {
    const last = file.splitter.flushFinal()
    if (last) onEvent({ kind: 'lines', fileId: file.fileId, lines: last })
  }

  async function finish(file: OpenFile, notice: TailNotice): Promise<void> {
    await readTo(file)
    sendFinal(file)
    await file.handle.close()
    current = undefined
    onEvent({ kind: 'notice', notice, fileId: file.fileId, offset: file.splitter.offset })
  }

  /** Whether the file was rewritten from its start since we read it: shorter than read, or another head. */
  function isRewritten(file: OpenFile, size: number): boolean {
    if (size < file.splitter.offset) return true
    if (file.head.length === 0 || size === file.splitter.offset) return false
    const head = Buffer.alloc(file.head.length)
    return !head.subarray(0, readSync(file.handle.fd, head, 0, head.length, 0)).equals(file.head)
  }

  /**
   * copytruncate copies the file, then truncates it: what was written after our last read and before the
   * copy is in the copy alone. The copy is the newest file of the folder named like ours, another inode,
   * with the same first bytes and longer than what we read: its bytes past our offset are read first.
   */
  async function readFromCopy(file: OpenFile): Promise<void> {
    if (file.head.length === 0) return
    const folder = dirname(path)
    const name = basename(path)
    const names = await readdir(folder).catch(() => [] as string[])
    const candidates: { path: string; modifiedMs: number; size: number }[] = []
    for (const other of names.filter((entry) => entry !== name && entry.startsWith(name)).slice(0, maxCopyCandidates)) {
      const info = await stat(join(folder, other)).catch(() => undefined)
      if (info?.isFile() && fileIdOf(info) !== file.fileId && info.size > file.splitter.offset)
        candidates.push({ path: join(folder, other), modifiedMs: info.mtimeMs, size: info.size })
    }
    candidates.sort((a, b) => b.modifiedMs - a.modifiedMs)
    for (const candidate of candidates) {
      const handle = await open(candidate.path, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined)
      if (!handle) continue
      try {
        if (!(await readHead(handle, file.head.length)).equals(file.head)) continue
        await readTo({ ...file, handle }, candidate.size)
        return
      } finally {
        await handle.close()
      }
    }
  }

  async function check(): Promise<void> {
    lastCheckAt = performance.now()
    if (!current) {
      await openCurrent(true)
      if (current) await readTo(current)
      return
    }
    // The stat and the head compare run synchronously: each is one quick system call on a cached inode or
    // page, where a trip through the thread pool costs more, and latency is what saves lines here (a
    // copytruncate loses what is written between its copy and its truncation unless read in that window).
    const byName = statSync(path, { throwIfNoEntry: false })
    if (!byName) {
      // The name is gone. If our file still has a link, it was renamed away: a rotation whose new file is
      // not there yet, and the program may still write to the old one, so it is followed until the new
      // file comes. With no link left, it was deleted.
      if ((await current.handle.stat()).nlink > 0) return readTo(current)
      await finish(current, 'missing')
      status = 'waiting'
      return
    }
    if (fileIdOf(byName) !== current.fileId) {
      await finish(current, 'rotated')
      isAwaitingRotatedFile = true
      await openCurrent(true)
      if (current) await readTo(current)
      return
    }
    // The same file: the stat by name gave its size. A rewrite from its start is acted on before reading:
    // bytes past our offset then belong to the new content.
    if (isRewritten(current, byName.size)) {
      await readFromCopy(current)
      sendFinal(current)
      onEvent({ kind: 'notice', notice: 'truncated', fileId: current.fileId, offset: 0 })
      current.splitter = createLineSplitter(0, maxLineBytes)
      current.head = Buffer.alloc(0)
    }
    await readTo(current, byName.size)
    if (performance.now() - lastGrowthAt >= idleFlushMs) {
      const partial = current.splitter.flushPartial()
      partialCheckedAt = current.splitter.offset
      if (partial) onEvent({ kind: 'lines', fileId: current.fileId, lines: partial })
    }
  }

  function requestCheck(): Promise<void> {
    if (isDisposed) return Promise.resolve()
    isCheckRequested = true
    running ??= runChecks()
    return running
  }

  /** A check the watch asks for: at once, or at the end of the shortest interval, outside a rotation. */
  function requestCheckSoon(): void {
    const now = performance.now()
    const waitMs = lastCheckAt + minCheckIntervalMs - now
    if (waitMs <= 0 || now - siblingChangedAt < rotationWatchMs) return void requestCheck()
    throttleTimer ??= setTimeout(() => {
      throttleTimer = undefined
      void requestCheck()
    }, waitMs)
  }

  async function runChecks(): Promise<void> {
    try {
      while (isCheckRequested && !isDisposed) {
        isCheckRequested = false
        try {
          await check()
          if (failures > 0) onRecovered?.()
          failures = 0
        } catch (error) {
          failures += 1
          if (!(error instanceof NotAFileError)) onError(error as Error)
        }
      }
    } finally {
      // Cleared in the same step as the last check: a request after it starts a new run.
      running = undefined
      scheduleTimer()
    }
  }

  /**
   * One timer: the safety poll, backed off while checks fail, or sooner, when a pending line will be due
   * for its partial flush.
   */
  function scheduleTimer(): void {
    if (isDisposed) return
    clearTimeout(timer)
    let delayMs = failures > 0 ? Math.min(maxRetryMs, pollMs * 2 ** (failures - 1)) : pollMs
    if (
      current &&
      current.splitter.pendingStartOffset < current.splitter.offset &&
      current.splitter.offset !== partialCheckedAt
    )
      delayMs = Math.min(delayMs, Math.max(0, idleFlushMs - (performance.now() - lastGrowthAt)) + 10)
    timer = setTimeout(() => void requestCheck(), delayMs)
  }

  try {
    await openCurrent(false)
  } catch (error) {
    failures += 1
    if (!(error instanceof NotAFileError)) onError(error as Error)
  }
  let watcher: FSWatcher | undefined
  try {
    const fileName = basename(path)
    watcher = watch(dirname(path), { persistent: false }, (_event, name) => {
      if (name === null || name === fileName) return requestCheckSoon()
      if (!name.startsWith(fileName)) return
      siblingChangedAt = performance.now()
      void requestCheck()
    })
    // A folder that goes away ends the watch; the poll goes on.
    watcher.on('error', () => watcher?.close())
  } catch {
    // No folder yet, or no watch support: the poll alone follows the file.
  }
  scheduleTimer()

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
      clearTimeout(timer)
      clearTimeout(throttleTimer)
      watcher?.close()
      await running
      await current?.handle.close()
      current = undefined
    },
  }
}
