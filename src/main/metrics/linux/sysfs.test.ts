import { describe, expect, it } from 'vitest'
import { fileSystemUsage, parseBatteryUevent, parseMounts } from './sysfs'

describe('mount table', () => {
  it('keeps storage mounts once per device, decodes escapes, and drops pseudo file systems', () => {
    const text = [
      'proc /proc proc rw 0 0',
      'sysfs /sys sysfs rw 0 0',
      'tmpfs /dev/shm tmpfs rw 0 0',
      '/dev/sda2 / ext4 rw 0 0',
      '/dev/sda2 /var/lib/docker/bind ext4 rw 0 0',
      '/dev/sdb1 /media/My\\040Drive vfat rw 0 0',
      'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0',
      'overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0',
    ].join('\n')
    expect(parseMounts(text)).toEqual([
      { device: '/dev/sda2', mount: '/', type: 'ext4' },
      { device: '/dev/sdb1', mount: '/media/My Drive', type: 'vfat' },
    ])
  })

  it('counts an overlay at / as the root of a container', () => {
    expect(parseMounts('overlay / overlay rw 0 0\n')).toEqual([{ device: 'overlay', mount: '/', type: 'overlay' }])
  })
})

describe('file system usage', () => {
  it('computes use as df does: reserved blocks count as neither used nor free', () => {
    // 1000 blocks of 4 KiB, 300 free of which 250 available to users (50 reserved)
    const usage = fileSystemUsage({ bsize: 4096, blocks: 1000, bfree: 300, bavail: 250 })
    expect(usage).toEqual({
      sizeBytes: 4096000,
      usedBytes: 700 * 4096,
      freeBytes: 250 * 4096,
      usedPct: (700 / 950) * 100,
    })
  })
})

describe('battery', () => {
  it('reads charge, charging state and the time left while discharging', () => {
    const text =
      'POWER_SUPPLY_NAME=BAT0\nPOWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_STATUS=Discharging\nPOWER_SUPPLY_PRESENT=1\nPOWER_SUPPLY_CAPACITY=80\nPOWER_SUPPLY_ENERGY_NOW=40000000\nPOWER_SUPPLY_POWER_NOW=10000000\n'
    expect(parseBatteryUevent(text)).toEqual({ pct: 80, isCharging: false, timeLeftSeconds: 4 * 3600 })
    expect(parseBatteryUevent(text.replace('Discharging', 'Charging'))).toEqual({
      pct: 80,
      isCharging: true,
      timeLeftSeconds: undefined,
    })
  })

  it('ignores mains adapters and absent batteries', () => {
    expect(parseBatteryUevent('POWER_SUPPLY_TYPE=Mains\nPOWER_SUPPLY_ONLINE=1\n')).toBeUndefined()
    expect(
      parseBatteryUevent('POWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_PRESENT=0\nPOWER_SUPPLY_CAPACITY=0\n'),
    ).toBeUndefined()
  })
})
