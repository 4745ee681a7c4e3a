import './settings.css'
import type { ThemeMode } from '../../../../shared/protocol'
import { DesktopOptions } from './DesktopOptions'
import { PrometheusSettings } from './PrometheusSettings'
import { ProvidersSettings } from './ProvidersSettings'
import { chooseTheme, useThemeStore } from './themeStore'

const choices: { mode: ThemeMode; label: string }[] = [
  { mode: 'system', label: 'Follow the system' },
  { mode: 'light', label: 'Light' },
  { mode: 'dark', label: 'Dark' },
]

export function SettingsView() {
  const mode = useThemeStore((state) => state.mode)
  const saveError = useThemeStore((state) => state.saveError)
  return (
    <section className="view settings-view" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <fieldset className="card">
        <legend>Theme</legend>
        {choices.map((choice) => (
          <label key={choice.mode} className="choice">
            <input
              type="radio"
              name="theme"
              value={choice.mode}
              checked={mode === choice.mode}
              onChange={() => void chooseTheme(choice.mode)}
            />
            {choice.label}
          </label>
        ))}
        {saveError && (
          <p role="alert" className="error">
            {saveError}
          </p>
        )}
      </fieldset>
      {window.vigilDesktop && <DesktopOptions />}
      <ProvidersSettings />
      <PrometheusSettings />
    </section>
  )
}
