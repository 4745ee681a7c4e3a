// Whether Vigil can write its own data folder, as the status line shows it. Every atomic write of a file
// in the folder reports its outcome (jsonFile.ts): a failure (disk full, read-only, not allowed) becomes
// the status until a later write in the folder succeeds. The failing action answers with its own error
// too; this is what keeps the failure on screen when the action was not the user's (a journal, a history).
// Lifecycle: from the core's start to its stop (dispose).
import { resolve, sep } from 'node:path'
import type { StorageStatus } from '../../shared/protocol'
import type { Logger } from '../logger'
import { onFileWrites } from './jsonFile'

export interface StorageHealth {
  status(): StorageStatus
  onChange(listener: (status: StorageStatus) => void): () => void
  dispose(): void
}

export function watchStorageHealth(dataDir: string, logger: Logger): StorageHealth {
  const folder = resolve(dataDir) + sep
  let status: StorageStatus = { state: 'ok' }
  const listeners = new Set<(status: StorageStatus) => void>()
  const stopListening = onFileWrites((path, failure) => {
    if (!resolve(path).startsWith(folder)) return
    if (!failure) {
      if (status.state === 'ok') return
      status = { state: 'ok' }
      logger.info('storage', 'Vigil can write its data folder again')
    } else {
      status = { state: failure.code === 'storage_full' ? 'full' : 'failed', message: failure.message, at: Date.now() }
      logger.error('storage', failure.message)
    }
    listeners.forEach((listener) => listener(status))
  })
  return {
    status: () => status,
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      stopListening()
      listeners.clear()
    },
  }
}
