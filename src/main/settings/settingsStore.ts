// User settings, kept in settings.json in the data folder. Changes are saved atomically and announced
// to listeners (the core stream tells every open window).
import { join } from 'node:path'
import type { Settings } from '../../shared/protocol'
import { settingsSchema } from '../../shared/schemas'
import type { Logger } from '../logger'
import { createJsonFileSaver, loadJsonFile } from '../storage/jsonFile'
import { createEmitter } from '../../shared/emitter'

const defaultSettings: Settings = { theme: 'system' }

export interface SettingsStore {
  get(): Settings
  update(next: Settings): Promise<Settings>
  onChange(listener: (settings: Settings) => void): () => void
}

export async function createSettingsStore(
  dataDir: string,
  logger: Logger,
): Promise<{ store: SettingsStore; dispose(): void }> {
  const path = join(dataDir, 'settings.json')
  const loaded = await loadJsonFile(path, settingsSchema, defaultSettings)
  if (loaded.status === 'moved-aside') {
    logger.warn(
      'settings',
      `settings.json could not be read (${loaded.reason}); it was moved to ${loaded.movedTo} and defaults are in use`,
    )
  }
  let current = loaded.value
  const changes = createEmitter<Settings>()
  const save = createJsonFileSaver<Settings>(path)

  const store: SettingsStore = {
    get: () => current,
    async update(next) {
      await save(next)
      current = next
      changes.emit(current)
      return current
    },
    onChange: changes.on,
  }
  return { store, dispose: changes.clear }
}
