// The settings capability: the user's settings (settings.json) with their routes, and the secret store
// that keeps AI keys (its implementations: Electron's safeStorage through a codec, or a file only the
// user can read). Chat reads keys through the SecretStore type; nothing else sees them.
import type { Capability } from '../capability'
import type { Logger } from '../logger'
import { createSettingsRoutes } from './settingsRoutes'
import { createSettingsStore, type SettingsStore } from './settingsStore'

export { createFileSecretStore, plainFileCodec, type SecretCodec, type SecretStore } from './secretStore'
export type { SettingsStore } from './settingsStore'

export async function createSettings(dataDir: string, logger: Logger): Promise<Capability<SettingsStore>> {
  const { store, dispose } = await createSettingsStore(dataDir, logger)
  return { api: store, routes: createSettingsRoutes(store), dispose }
}
