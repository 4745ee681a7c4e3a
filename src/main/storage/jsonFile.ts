// Whole-or-nothing JSON files in the data folder (DESIGN.md section 5).
// Write: a temporary file beside the target, fsync, rename over the target, fsync the folder.
// Read: a file that does not parse or validate is moved aside with a timestamp, never silently replaced.
import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { z } from 'zod'
import { VigilError } from '../../shared/errors'
import { describeIssues } from '../../shared/schemas'

/** Hears the outcome of every write of Vigil's own files: storageHealth.ts keeps the latest failure. */
export type WriteListener = (path: string, failure: VigilError | undefined) => void
const writeListeners = new Set<WriteListener>()

export function onFileWrites(listener: WriteListener): () => void {
  writeListeners.add(listener)
  return () => writeListeners.delete(listener)
}

/** A failed write of Vigil's own data, for people and for programs: storage_full or storage_failed. */
export function storageFailure(error: NodeJS.ErrnoException, path: string): VigilError {
  const folder = dirname(path)
  const name = basename(path)
  switch (error.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new VigilError(
        'storage_full',
        `Vigil could not save ${name}: the disk holding ${folder} is full. Free some space; nothing else was changed.`,
      )
    case 'EROFS':
      return new VigilError(
        'storage_failed',
        `Vigil could not save ${name}: ${folder} is on a read-only file system. Nothing was changed.`,
      )
    case 'EACCES':
    case 'EPERM':
      return new VigilError(
        'storage_failed',
        `Vigil could not save ${name}: it may not write to ${folder}. Check the folder's permissions.`,
      )
    default:
      return new VigilError(
        'storage_failed',
        `Vigil could not save ${name} in ${folder} (${error.code ?? error.message}). Nothing was changed.`,
      )
  }
}

/**
 * Writes one of Vigil's own files whole or not at all. A failure rejects with a storage VigilError that
 * says why (full, read-only, not allowed), and every listener hears each outcome.
 */
export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true })
    await replaceAtomically(path, async (temporary) => {
      const handle = await open(temporary, 'wx', 0o600)
      try {
        await handle.writeFile(contents, 'utf8')
        await handle.sync()
      } finally {
        await handle.close()
      }
    })
  } catch (error) {
    const failure = storageFailure(error as NodeJS.ErrnoException, path)
    writeListeners.forEach((listener) => listener(path, failure))
    throw failure
  }
  writeListeners.forEach((listener) => listener(path, undefined))
}

/**
 * Whole or nothing: `fill` writes (and fsyncs) a new temporary file beside the target, which then
 * replaces the target in one rename; if `fill` fails, the temporary file is removed and the target
 * stays as it was.
 */
export async function replaceAtomically(path: string, fill: (temporary: string) => Promise<void>): Promise<void> {
  const folder = dirname(path)
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await fill(temporary)
    await rename(temporary, path)
  } catch (error) {
    // The write's own failure is what the caller must hear; a temporary file that cannot be removed
    // either (a folder gone read-only) goes at the next start.
    await rm(temporary, { force: true }).catch(() => undefined)
    throw error
  }
  await syncFolder(folder)
}

/** Makes the rename itself durable. Windows cannot open a folder for syncing; there rename is enough. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export type LoadResult<T> =
  | { status: 'loaded'; value: T }
  | { status: 'missing'; value: T }
  | { status: 'moved-aside'; value: T; movedTo: string; reason: string }

export async function loadJsonFile<T>(
  path: string,
  schema: z.ZodType<T>,
  fallback: T,
  now: () => number = Date.now,
): Promise<LoadResult<T>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing', value: fallback }
    throw error
  }
  let reason: string
  try {
    const parsed = schema.safeParse(JSON.parse(text))
    if (parsed.success) return { status: 'loaded', value: parsed.data }
    reason = describeIssues(parsed.error)
  } catch (error) {
    reason = (error as Error).message
  }
  const movedTo = `${path}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`
  await rename(path, movedTo)
  return { status: 'moved-aside', value: fallback, movedTo, reason }
}

/**
 * Saves of one file, one after another, so the file always ends with the last value saved even when
 * saves overlap. A failed save rejects its caller and does not block the next one.
 */
export function createJsonFileSaver<T>(path: string): (value: T) => Promise<void> {
  let queue = Promise.resolve()
  return (value) => {
    const save = queue.then(() => writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n'))
    queue = save.catch(() => undefined)
    return save
  }
}

/**
 * The temporary files replaceAtomically made for `path` and a killed process left behind: named after
 * it, with a process id and a random part. Other files in its folder, dot files included, stay.
 */
export async function removeTemporaryFilesOf(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`
  const isOurs = (name: string) => name.startsWith(prefix) && /^\d+\.[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length))
  const names = await readdir(dirname(path)).catch(() => [] as string[])
  await Promise.all(names.filter(isOurs).map((name) => rm(join(dirname(path), name), { force: true })))
}

/** The name replaceAtomically gives a temporary file: `.NAME.<pid>.<12 hex>.tmp`. */
const temporaryName = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/

/** Whether a process with this id runs (EPERM: it does, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Temporary files left by a process killed in the middle of a write, in `folder` and its subfolders:
 * they are never the real file, and an old copy of secrets.json among them would keep a replaced or
 * deleted key on disk. Only names of replaceAtomically's pattern go, and only those of a process that
 * no longer runs: a second Vigil on the same folder may be writing its own.
 */
export async function removeStaleTemporaryFiles(folder: string): Promise<void> {
  const names = await readdir(folder, { recursive: true }).catch(() => [] as string[])
  await Promise.all(
    names.map(async (name) => {
      const pid = temporaryName.exec(basename(name))?.[1]
      if (pid !== undefined && !isRunning(Number(pid))) await rm(join(folder, name), { force: true })
    }),
  )
}
