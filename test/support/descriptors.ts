import { readdir, readlink, realpath } from 'node:fs/promises'
import { join, sep } from 'node:path'

/**
 * How many of this process's descriptors are open on `path` or on a file inside it (Linux only). Counting only
 * these keeps a check on one component exact while the rest of the process opens and closes files of its own.
 */
export async function descriptorsOn(path: string): Promise<number> {
  const canonical = await realpath(path)
  const entries = await readdir('/proc/self/fd')
  const targets = await Promise.all(entries.map((entry) => readlink(join('/proc/self/fd', entry)).catch(() => '')))
  return targets.filter((target) => target === canonical || target.startsWith(canonical + sep)).length
}
