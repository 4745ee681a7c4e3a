// The settings the core sends (at start and on every change) go to the store of each: the theme, the
// desktop app's options, the chat tools setting and the recorder's settings.
import type { Settings } from '../../../../shared/protocol'
import { applyDesktopOptions } from './desktopOptionsStore'
import { applyRecorderSettings } from './recorderStore'
import { applyThemeSetting } from './themeStore'
import { applyToolsSetting } from './toolsSetting'

export function applyServerSettings(settings: Settings): void {
  applyThemeSetting(settings)
  applyDesktopOptions(settings)
  applyToolsSetting(settings)
  applyRecorderSettings(settings)
}
