// How keys are kept in the desktop app, with electron mocked (its binary cannot run in tests).
import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  isAvailable: true,
  backend: 'gnome_libsecret' as string,
  safeStorage: {
    isAsyncEncryptionAvailable: async () => electron.isAvailable,
    getSelectedStorageBackend: () => electron.backend,
    // A stand-in cipher: reversible, and visibly not the plain text.
    encryptStringAsync: async (text: string) => Buffer.from([...text].reverse().join('')),
    decryptStringAsync: async (buffer: Buffer) => ({
      result: [...buffer.toString()].reverse().join(''),
      shouldReEncrypt: false,
    }),
  },
}))
vi.mock('electron', () => ({ safeStorage: electron.safeStorage }))

const { createSafeStorageCodec } = await import('./safeStorageCodec')

beforeEach(() => {
  electron.isAvailable = true
  electron.backend = 'gnome_libsecret'
})

describe('keys in the desktop app', () => {
  it('are encrypted with the keychain and come back whole', async () => {
    const codec = await createSafeStorageCodec('linux')
    expect(codec.protection).toBe('encrypted')
    const stored = await codec.encode('sk-secret-1234')
    expect(stored).not.toContain('sk-secret-1234')
    expect(await codec.decode(stored)).toBe('sk-secret-1234')
  })

  it('count as weak on Linux without a keychain (basic_text), and as a plain file without safeStorage', async () => {
    electron.backend = 'basic_text'
    expect((await createSafeStorageCodec('linux')).protection).toBe('basic-text')
    expect((await createSafeStorageCodec('darwin')).protection).toBe('encrypted')
    electron.isAvailable = false
    const fallback = await createSafeStorageCodec('linux')
    expect(fallback.protection).toBe('file-permissions')
    expect(fallback.description).toMatch(/keychain is not available/)
  })
})
