// The settings the core announces on its stream, handed to the stores that show them.
import type { Settings } from '../../../../shared/protocol'
import { applyDesktopOptions } from './desktopOptionsStore'
import { applyThemeSetting } from './themeStore'

export function applyServerSettings(settings: Settings): void {
  applyThemeSetting(settings)
  applyDesktopOptions(settings)
}
