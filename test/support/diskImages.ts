// Small real file systems for tests: an ext4 image made with mkfs.ext4, mounted through a loop device, or a
// tmpfs of a few KiB (a data folder that fills up, or is made read-only).
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Root with loop devices and mkfs.ext4 can make a real file system of its own to mount. */
export const canMountImages =
  process.getuid?.() === 0 &&
  existsSync('/dev/loop-control') &&
  ['/usr/sbin/mkfs.ext4', '/sbin/mkfs.ext4'].some(existsSync)

/** Makes an 8 MiB ext4 image at `image`. */
export function makeExt4Image(image: string): void {
  execFileSync('truncate', ['-s', '8M', image])
  execFileSync('mkfs.ext4', ['-q', image])
}

/**
 * Whether this machine lets the tests mount a tmpfs (root with CAP_SYS_ADMIN), tried once per test file. Where
 * it does not, the tests that need one say so and are skipped.
 */
export const canMountTmpfs = ((): boolean => {
  if (process.getuid?.() !== 0) return false
  const probe = join(tmpdir(), `vigil-mount-probe-${process.pid}`)
  try {
    execFileSync('mkdir', ['-p', probe])
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' })
    execFileSync('umount', [probe])
    return true
  } catch {
    console.warn('this machine does not allow mounting a test file system: the tests that need one are skipped')
    return false
  } finally {
    execFileSync('rm', ['-rf', probe])
  }
})()
