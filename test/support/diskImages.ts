// Small real file systems for tests: an ext4 image made with mkfs.ext4, mounted through a loop device.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

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
