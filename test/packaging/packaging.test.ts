// The installers' configuration, checked where Electron's binary cannot be fetched: electron-builder's own
// loader reads electron-builder.yml and its own schema check validates it; then the targets, fuses, files,
// icons and native modules are held to what the app needs.
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import type { Configuration } from 'app-builder-lib'
import { DebugLogger } from 'builder-util'
import { minimatch } from 'minimatch'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
let config: Configuration

beforeAll(async () => {
  config = await getConfig(root, null, null)
})

/** The PNG's width and height, from its IHDR chunk. */
async function pngSize(path: string): Promise<[number, number]> {
  const bytes = await readFile(path)
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]
}

function targetsOf(platform: Configuration['linux'] | Configuration['mac'] | Configuration['win']) {
  return (platform?.target as (string | { target: string; arch?: string[] })[]).map((target) =>
    typeof target === 'string' ? { target, arch: undefined } : target,
  )
}

describe('the packaging configuration', () => {
  it('passes electron-builder’s own schema check', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('names the app and builds AppImage, deb and rpm, a dmg for x64 and arm64, and an NSIS installer', () => {
    expect(config.appId).toBe('dev.vigil.desktop')
    expect(config.productName).toBe('Vigil')
    expect(targetsOf(config.linux).map(({ target }) => target)).toEqual(['AppImage', 'deb', 'rpm'])
    expect(targetsOf(config.mac)).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }])
    expect(targetsOf(config.win).map(({ target }) => target)).toEqual(['nsis'])
  })

  it('sets the fuses: no running as Node, no NODE_OPTIONS or inspect flags, encrypted cookies, only the app’s asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    })
    expect(config.asar).toBe(true)
  })

  it('packs only the built app, and unpacks every native module a production dependency ships', async () => {
    // electron-builder's loader folds the list into one filter.
    expect(config.files).toEqual([{ filter: ['out/**/*', 'package.json', '!**/*.map'] }])
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    const unpacked = config.asarUnpack as string[]
    const nativeFiles: string[] = []
    async function collect(folder: string): Promise<void> {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name)
        if (entry.isDirectory()) await collect(path)
        else if (entry.name.endsWith('.node')) nativeFiles.push(path.slice(root.length))
      }
    }
    for (const name of Object.keys(manifest.dependencies)) await collect(join(root, 'node_modules', name))
    for (const file of nativeFiles)
      expect(
        unpacked.some((pattern) => minimatch(file, pattern, { dot: true })),
        file,
      ).toBe(true)
    // The recorder's database binding, whichever platform package brings it.
    expect(unpacked.some((pattern) => minimatch('node_modules/@libsql/linux-x64-gnu/index.node', pattern))).toBe(true)
  })

  it('lists as dependencies exactly the packages the built main process and preload import', async () => {
    const built = [join(root, 'out/main'), join(root, 'out/main/chunks'), join(root, 'out/preload')]
    if (!built.every((folder) => existsSync(folder))) throw new Error('Build the app first: npm test does.')
    const imported = new Set<string>()
    for (const folder of built) {
      for (const file of await readdir(folder)) {
        if (!/\.(c?js|mjs)$/.test(file)) continue
        const code = await readFile(join(folder, file), 'utf8')
        for (const match of code.matchAll(/(?:\bfrom|\bimport|\brequire\()\s*["']([@a-z0-9][\w@./-]*)["']/gi)) {
          const specifier = match[1]!
          const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!
          if (!specifier.startsWith('node:') && !builtinModules.includes(name) && name !== 'electron')
            imported.add(name)
        }
      }
    }
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...imported].sort())
  })

  it('has icons at every size the targets need', async () => {
    expect(config.directories?.buildResources).toBe('resources')
    expect(await pngSize(join(root, 'resources/icon.png'))).toEqual([1024, 1024])
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512])
      expect(await pngSize(join(root, 'resources/icons', `${size}x${size}.png`))).toEqual([size, size])
  })
})
