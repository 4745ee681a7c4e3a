import { describe, expect, it } from 'vitest'
import { exporterSettingsSchema, parseListenAddress } from './exporter'

describe('the remote listen address', () => {
  it('takes an IPv4 address or a bracketed IPv6 address with a port', () => {
    expect(parseListenAddress('0.0.0.0:9101')).toEqual({ host: '0.0.0.0', port: 9101 })
    expect(parseListenAddress(' 192.168.1.20:80 ')).toEqual({ host: '192.168.1.20', port: 80 })
    expect(parseListenAddress('[::]:9101')).toEqual({ host: '::', port: 9101 })
    expect(parseListenAddress('[fe80::1]:65535')).toEqual({ host: 'fe80::1', port: 65535 })
  })

  it('refuses host names, bad addresses and ports out of range', () => {
    for (const text of [
      'localhost:9101',
      '256.1.1.1:9101',
      '1.2.3:9101',
      '::1:9101',
      '[nothost]:1',
      '0.0.0.0',
      '0.0.0.0:0',
      '0.0.0.0:65536',
      '',
    ])
      expect(parseListenAddress(text), text).toBeUndefined()
  })

  it('is optional in the settings (null), and validated when given', () => {
    expect(exporterSettingsSchema.safeParse({ isEnabled: true, listenAddress: null }).success).toBe(true)
    const refused = exporterSettingsSchema.safeParse({ isEnabled: true, listenAddress: 'example.org:9101' })
    expect(refused.error?.issues[0]?.message).toMatch(/must be an IP address and a port/)
  })
})
