// Keys in the desktop app: encrypted with Electron's safeStorage (the system keychain: Keychain, DPAPI,
// libsecret or KWallet). On Linux without a keychain safeStorage falls back to "basic_text", a key stored
// in plain text: that counts as weak, so Vigil says so and asks before storing. Without safeStorage at
// all, the plain file (readable only by the user) is used, with the same question.
import { safeStorage } from 'electron'
import { plainFileCodec, type SecretCodec } from './settings'

export async function createSafeStorageCodec(platform: NodeJS.Platform = process.platform): Promise<SecretCodec> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    return {
      ...plainFileCodec,
      description: `${plainFileCodec.description}: the system keychain is not available to Vigil`,
    }
  }
  const isBasicText = platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'
  return {
    protection: isBasicText ? 'basic-text' : 'encrypted',
    description: isBasicText
      ? 'encrypted with a key that is itself kept in plain text, as no keychain (GNOME Keyring, KWallet) was found: anyone who can read your files can read it'
      : 'encrypted with your system keychain',
    encode: async (secret) => (await safeStorage.encryptStringAsync(secret)).toString('base64'),
    decode: async (stored) => (await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))).result,
  }
}
