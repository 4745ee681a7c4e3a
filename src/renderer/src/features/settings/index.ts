// The face of Settings: what the rest of the app may use (lint: eslint.config.js, feature faces).
export { SettingsView } from './SettingsView'
export { loadModels, loadProviders, testedModels, testProvider, useProvidersStore } from './providersStore'
export { applyRecorderStatus } from './recorderStore'
export { applyServerSettings } from './serverSettings'
export { cycleTheme, effectiveTheme, useThemeStore } from './themeStore'
