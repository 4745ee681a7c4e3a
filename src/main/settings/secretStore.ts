// Where keys live. An interface, so the Electron glue can hand in safeStorage and plain Node uses a file
// only the user can read. `protection` says how strong the storage is; anything short of real encryption
// needs the user's consent before a key is stored (Vigil says so, and asks).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../storage/jsonFile'

export type SecretProtection = 'encrypted' | 'file-permissions' | 'basic-text'

export interface SecretStore {
  readonly protection: SecretProtection
  /** For people: "encrypted with the system keychain", "in a file only you can read (not encrypted)". */
  readonly description: string
  get(name: string): Promise<string | undefined>
  set(name: string, secret: string): Promise<void>
  delete(name: string): Promise<void>
}

/** Turns a secret into text safe to keep on disk and back: safeStorage in Electron, nothing in plain Node. */
export interface SecretCodec {
  protection: SecretProtection
  description: string
  encode(secret: string): Promise<string>
  decode(stored: string): Promise<string>
}

export const plainFileCodec: SecretCodec = {
  protection: 'file-permissions',
  description: 'in a file in Vigil’s data folder that only you can read (not encrypted)',
  encode: async (secret) => secret,
  decode: async (stored) => stored,
}

/** secrets.json, mode 0600, written whole or not at all. */
export function createFileSecretStore(dataDir: string, codec: SecretCodec = plainFileCodec): SecretStore {
  const path = join(dataDir, 'secrets.json')
  let queue = Promise.resolve()
  // The file as last read or written (still encoded): a key is read for every answer, and the file
  // never changes behind this store's back, so it is read from disk once.
  let stored: Record<string, string> | undefined

  async function readAll(): Promise<Record<string, string>> {
    if (stored) return stored
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? '{}' : Promise.reject(error),
    )
    return (stored = JSON.parse(text) as Record<string, string>)
  }

  function change(apply: (all: Record<string, string>) => void): Promise<void> {
    const next = queue.then(async () => {
      const all = { ...(await readAll()) }
      apply(all)
      await writeFileAtomic(path, JSON.stringify(all, null, 2) + '\n')
      stored = all
    })
    queue = next.catch(() => undefined)
    return next
  }

  return {
    protection: codec.protection,
    description: codec.description,
    async get(name) {
      const stored = (await readAll())[name]
      return stored === undefined ? undefined : codec.decode(stored)
    },
    async set(name, secret) {
      const encoded = await codec.encode(secret)
      await change((all) => (all[name] = encoded))
    },
    delete: (name) => change((all) => delete all[name]),
  }
}
