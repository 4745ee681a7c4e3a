import { describe, expect, it } from 'vitest'
import { parseDiskstats, parseLoadavg, parseMeminfo, parseMounts, parseNetDev, parseProcStat } from './procParsers'

describe('/proc/stat', () => {
  const text = [
    'cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0',
    'cpu0 1393280 32966 572056 13343292 6130 0 17875 0 23933 0',
    'cpu1 1335 20 4 50 7 1 2 3 0 0',
    'intr 1462898 0 0 0',
    'ctxt 2123456',
    'btime 1764806400',
    'processes 26442',
  ].join('\n')

  it('reads each CPU’s ticks per mode (not the total line) and the boot time', () => {
    const stat = parseProcStat(text)
    expect(stat.bootTime).toBe(1764806400)
    expect(stat.cpus.map((cpu) => cpu.cpu)).toEqual(['0', '1'])
    expect(stat.cpus[0]!.ticks).toEqual({
      user: 1393280,
      nice: 32966,
      system: 572056,
      idle: 13343292,
      iowait: 6130,
      irq: 0,
      softirq: 17875,
      steal: 0,
    })
    expect(stat.cpus[1]!.ticks.steal).toBe(3)
  })
})

describe('/proc/meminfo', () => {
  it('reads fields in bytes (kB is KiB) and counts without a unit as they are', () => {
    const fields = parseMeminfo(
      [
        'MemTotal:        8048024 kB',
        'MemFree:          217064 kB',
        'MemAvailable:    5230172 kB',
        'Active(anon):     103424 kB',
        'HugePages_Total:       0',
        'Hugepagesize:       2048 kB',
        '',
      ].join('\n'),
    )
    expect(fields.get('MemTotal')).toBe(8048024 * 1024)
    expect(fields.get('MemAvailable')).toBe(5230172 * 1024)
    expect(fields.get('Active(anon)')).toBe(103424 * 1024)
    expect(fields.get('HugePages_Total')).toBe(0)
    expect(fields.has('SwapTotal')).toBe(false)
  })
})

describe('/proc/net/dev', () => {
  it('reads receive and transmit bytes, packets, errors and drops per interface', () => {
    const devices = parseNetDev(
      [
        'Inter-|   Receive                                                |  Transmit',
        ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
        '    lo: 2776770   11307    0    0    0     0          0         0  2776770   11307    0    0    0     0       0          0',
        '  eth0: 1215645    2751    1    2    0     0          0         0  1782404    4324    3    4    0   427       0          0',
        'wlp2s0:12345678901234 9 0 0 0 0 0 0 5 6 0 0 0 0 0 0',
      ].join('\n'),
    )
    expect(devices.map((device) => device.device)).toEqual(['lo', 'eth0', 'wlp2s0'])
    expect(devices[1]).toEqual({
      device: 'eth0',
      receive: { bytes: 1215645, packets: 2751, errs: 1, drop: 2 },
      transmit: { bytes: 1782404, packets: 4324, errs: 3, drop: 4 },
    })
    // A counter wide enough to touch its name: the kernel pads to a width, not always with a space.
    expect(devices[2]!.receive.bytes).toBe(12345678901234)
  })
})

describe('/proc/diskstats', () => {
  it('reads completed reads and writes and sectors of whole disks, leaving out partitions, loops and RAM disks', () => {
    const disks = parseDiskstats(
      [
        '   7       0 loop0 58 0 2088 17 0 0 0 0 0 40 17 0 0 0 0 0 0',
        '   8       0 sda 114016 37264 9446574 60772 290129 316932 15734704 395228 0 255600 465652 0 0 0 0 0 0',
        '   8       1 sda1 113702 37264 9433158 60685 290129 316932 15734704 395228 0 255572 455914 0 0 0 0 0 0',
        ' 259       0 nvme0n1 5000 10 800000 1000 7000 20 900000 2000 0 3000 3000',
        ' 259       1 nvme0n1p1 4000 10 700000 900 6000 20 800000 1900 0 2900 2800',
        ' 253       0 dm-0 100 0 200 1 300 0 400 2 0 3 3',
        '   1       0 ram0 0 0 0 0 0 0 0 0 0 0 0',
      ].join('\n'),
    )
    expect(disks.map((disk) => disk.device)).toEqual(['sda', 'nvme0n1', 'dm-0'])
    expect(disks[0]).toEqual({
      device: 'sda',
      readsCompleted: 114016,
      sectorsRead: 9446574,
      writesCompleted: 290129,
      sectorsWritten: 15734704,
    })
  })
})

describe('/proc/self/mounts', () => {
  it('keeps real file systems, decodes the kernel’s octal escapes and keeps the last mount of a mount point', () => {
    const mounts = parseMounts(
      [
        'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0',
        'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
        'udev /dev devtmpfs rw,nosuid,relatime 0 0',
        '/dev/sda2 / ext4 rw,relatime 0 0',
        'tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime 0 0',
        'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0',
        '/dev/sda1 /boot/efi vfat rw,relatime 0 0',
        '/dev/sdb1 /media/My\\040Disk ext4 rw 0 0',
        'overlay /var/lib/docker/overlay2/abc/merged overlay rw 0 0',
        '/dev/sdc1 /data ext4 rw 0 0',
        '/dev/sdd1 /data xfs rw 0 0',
        'tmpfs /run/credentials/systemd-journald.service tmpfs ro 0 0',
        '',
      ].join('\n'),
    )
    expect(mounts).toEqual([
      { device: '/dev/sda2', mountpoint: '/', fstype: 'ext4' },
      { device: 'tmpfs', mountpoint: '/run', fstype: 'tmpfs' },
      { device: '/dev/sda1', mountpoint: '/boot/efi', fstype: 'vfat' },
      { device: '/dev/sdb1', mountpoint: '/media/My Disk', fstype: 'ext4' },
      { device: '/dev/sdd1', mountpoint: '/data', fstype: 'xfs' },
    ])
  })
})

describe('/proc/loadavg', () => {
  it('reads the three load averages', () => {
    expect(parseLoadavg('0.52 0.58 0.59 2/645 12345\n')).toEqual([0.52, 0.58, 0.59])
  })
})
