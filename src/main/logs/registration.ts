// The one place a path comes in from a request: adding a log file. The path is canonicalized (realpath:
// no "..", no links left) and must name a regular file Vigil can read, that holds text.
import { constants } from 'node:fs'
import { open, realpath } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { VigilError } from '../../shared/errors'

const sniffBytes = 8192

/** NUL bytes, or more than one byte in ten a control character other than tab, LF, CR, FF and ESC. */
function looksBinary(bytes: Buffer): boolean {
  if (bytes.includes(0)) return true
  let controls = 0
  for (const byte of bytes) if (byte < 0x20 && ![0x09, 0x0a, 0x0d, 0x0c, 0x1b].includes(byte)) controls += 1
  return controls * 10 > bytes.length
}

export async function resolveLogFile(path: string): Promise<string> {
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
    const sample = Buffer.alloc(Math.min(sniffBytes, info.size))
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0)
    if (looksBinary(sample.subarray(0, bytesRead)))
      throw new VigilError('bad_request', `${canonical} looks binary, not like a text log.`)
  } finally {
    await handle.close()
  }
  return canonical
}
