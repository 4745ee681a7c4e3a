// The one place a path comes in from a request: adding a log file. The path is canonicalized (realpath:
// no "..", no links left) and must name a regular file Vigil can read, that holds text. Two kinds of file
// are not simply accepted (DESIGN.md section 4):
// - Vigil's own data folder and every file in it (its keys, conversations, settings): refused, also when
//   reached through a link or as a hard link elsewhere (the same device and inode as a file in it).
// - A file that only root or another user may read (/etc/shadow, an auth log): following it would show
//   its lines to whoever uses Vigil and could send them to an AI, so the first request is answered with a
//   conflict that names the risk, and only a request that confirms it adds the file, marked sensitive.
import { constants, type Stats } from 'node:fs'
import { lstat, open, readdir, realpath } from 'node:fs/promises'
import { isAbsolute, join, resolve, sep } from 'node:path'
import { VigilError } from '../../shared/errors'

const sniffBytes = 8192
/** Bounds the hard-link search through the data folder (a few dozen files in practice). */
const maxDataFilesChecked = 10_000

export interface RegistrationChecks {
  /** Vigil's data folder: never a source, nor anything in it. */
  dataDir: string
  /** The user has read why the file is sensitive and wants it followed anyway. */
  isSensitiveConfirmed?: boolean
  /** The user Vigil runs as; undefined where there are no user ids (Windows). */
  uid?: number
}

export interface RegisteredFile {
  path: string
  /** Only root or another user may read it: its lines need care (DESIGN.md section 4). */
  isSensitive: boolean
}

/** NUL bytes, or more than one byte in ten a control character other than tab, LF, CR, FF and ESC. */
function looksBinary(bytes: Buffer): boolean {
  if (bytes.includes(0)) return true
  let controls = 0
  for (const byte of bytes) if (byte < 0x20 && ![0x09, 0x0a, 0x0d, 0x0c, 0x1b].includes(byte)) controls += 1
  return controls * 10 > bytes.length
}

const dataFolderRefusal = (path: string) =>
  new VigilError(
    'forbidden',
    `${path} is Vigil’s own data (its settings, keys and conversations): it cannot be a log source.`,
  )

/** Refuses the data folder and its files, by canonical path and, for a file with other names, by inode. */
async function refuseDataFolder(canonical: string, info: Stats, dataDir: string): Promise<void> {
  const dataFolder = await realpath(dataDir).catch(() => resolve(dataDir))
  if (canonical === dataFolder || canonical.startsWith(dataFolder + sep)) throw dataFolderRefusal(canonical)
  if (info.nlink < 2) return
  const names = (await readdir(dataFolder, { recursive: true }).catch(() => [] as string[])).slice(
    0,
    maxDataFilesChecked,
  )
  for (const name of names) {
    const other = await lstat(join(dataFolder, name)).catch(() => undefined)
    if (other?.isFile() && other.dev === info.dev && other.ino === info.ino) throw dataFolderRefusal(canonical)
  }
}

/**
 * Whether only root or another user may read the file: nobody else may read it, and it is not the
 * user's own (when Vigil runs as root, every file others may not read).
 */
function isReadableOnlyByOthers(info: Stats, uid: number | undefined): boolean {
  if (uid === undefined || (info.mode & constants.S_IROTH) !== 0) return false
  return uid === 0 || info.uid !== uid
}

function sensitiveConflict(path: string, info: Stats): VigilError {
  const mode = (info.mode & 0o777).toString(8).padStart(4, '0')
  const owner = info.uid === 0 ? 'root' : `user ${info.uid}`
  return new VigilError(
    'conflict',
    `${path} may be read only by its owner (${owner}) and group, not by everyone (mode ${mode}): it may hold passwords or other secrets. Following it shows its lines to anyone using Vigil, and lines attached to a chat could reach an AI. Confirm to follow it anyway; it will be marked sensitive.`,
    { path, isSensitive: true, mode, ownerUid: info.uid },
  )
}

export async function resolveLogFile(path: string, checks: RegistrationChecks): Promise<RegisteredFile> {
  if (path.includes('\0')) throw new VigilError('bad_request', 'The path holds a NUL byte, which no file name may.')
  if (!isAbsolute(path))
    throw new VigilError('bad_request', `Give the full path of the log file (${JSON.stringify(path)} is relative).`)
  let canonical: string
  try {
    canonical = await realpath(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new VigilError('not_found', `There is no file at ${path}.`)
    if (code === 'EACCES') throw new VigilError('forbidden', `Vigil may not look into the folders of ${path}.`)
    throw error
  }
  let handle
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; its type is refused just below.
    handle = await open(canonical, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM')
      throw new VigilError('forbidden', `Vigil may not read ${canonical}: check its permissions.`)
    if (code === 'EISDIR') throw new VigilError('bad_request', `${canonical} is a folder; choose a log file in it.`)
    throw error
  }
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw new VigilError('bad_request', `${canonical} is a folder; choose a log file in it.`)
    if (!info.isFile())
      throw new VigilError(
        'bad_request',
        `${canonical} is not a regular file (a device, socket or pipe cannot be followed).`,
      )
    await refuseDataFolder(canonical, info, checks.dataDir)
    const sample = Buffer.alloc(Math.min(sniffBytes, info.size))
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0)
    if (looksBinary(sample.subarray(0, bytesRead)))
      throw new VigilError('bad_request', `${canonical} looks binary, not like a text log.`)
    const isSensitive = isReadableOnlyByOthers(info, checks.uid)
    if (isSensitive && !checks.isSensitiveConfirmed) throw sensitiveConflict(canonical, info)
    return { path: canonical, isSensitive }
  } finally {
    await handle.close()
  }
}
