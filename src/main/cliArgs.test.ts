import { describe, expect, it } from 'vitest'
import { parseMcpArgs, parseServeArgs } from './cliArgs'
import { defaultDataDir } from './dataDir'

describe('browser mode arguments', () => {
  it('defaults to a system-chosen port and the shared data folder', () => {
    expect(parseServeArgs([])).toEqual({ port: 0, dataDir: undefined, open: false, help: false })
  })

  it('reads --port, --data-dir and --open', () => {
    expect(parseServeArgs(['--port', '8123', '--data-dir', '/tmp/v', '--open'])).toEqual({
      port: 8123,
      dataDir: '/tmp/v',
      open: true,
      help: false,
    })
    expect(parseServeArgs(['--port=0']).port).toBe(0)
  })

  it('says what is wrong with a bad argument', () => {
    expect(() => parseServeArgs(['--port', 'eighty'])).toThrow(/--port takes a whole number/)
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/--port takes a whole number/)
    expect(() => parseServeArgs(['--port', '-1'])).toThrow()
    expect(() => parseServeArgs(['--verbose'])).toThrow(/verbose/)
    expect(() => parseServeArgs(['--data-dir', ''])).toThrow(/--data-dir needs a folder/)
  })
})

describe('mcp command line', () => {
  it('reads --data-dir and --help, and refuses anything else', () => {
    expect(parseMcpArgs([])).toEqual({ dataDir: undefined, help: false })
    expect(parseMcpArgs(['--data-dir', '/tmp/v'])).toEqual({ dataDir: '/tmp/v', help: false })
    expect(parseMcpArgs(['--help']).help).toBe(true)
    expect(() => parseMcpArgs(['--port', '80'])).toThrow(/port/)
    expect(() => parseMcpArgs(['--data-dir', ''])).toThrow(/--data-dir needs a folder/)
  })
})

describe('default data folder', () => {
  it('matches where Electron keeps userData for an app named Vigil', () => {
    expect(defaultDataDir({}, 'linux', '/home/ana')).toBe('/home/ana/.config/Vigil')
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ana')).toBe('/cfg/Vigil')
    expect(defaultDataDir({}, 'darwin', '/Users/ana')).toBe('/Users/ana/Library/Application Support/Vigil')
  })
})
