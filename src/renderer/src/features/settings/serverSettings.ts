// The settings the core sends (at start and on every change) go to the store of each: the theme, and the chat tools setting.
import type { Settings } from '../../../../shared/protocol'
import { applyServerTheme } from './themeStore'
import { applyToolsSetting } from './toolsSetting'

export function applyServerSettings(settings: Settings): void {
  applyServerTheme(settings)
  applyToolsSetting(settings)
}
