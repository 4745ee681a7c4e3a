import './settings.css'
import type { ThemeMode } from '../../../../shared/protocol'
import { ErrorNote } from '../../components/ErrorNote'
import { DesktopOptions } from './DesktopOptions'
import { PrometheusSettings } from './PrometheusSettings'
import { ProvidersSettings } from './ProvidersSettings'
import { RecorderSettings } from './RecorderSettings'
import { chooseTheme, useThemeStore } from './themeStore'
import { chooseToolsWithoutAsking, useToolsSettingStore } from './toolsSetting'

const choices: { mode: ThemeMode; label: string }[] = [
  { mode: 'system', label: 'Follow the system' },
  { mode: 'light', label: 'Light' },
  { mode: 'dark', label: 'Dark' },
]

export function SettingsView() {
  const mode = useThemeStore((state) => state.mode)
  const saveError = useThemeStore((state) => state.saveError)
  const toolsWithoutAsking = useToolsSettingStore((state) => state.withoutAsking)
  const toolsSaveError = useToolsSettingStore((state) => state.saveError)
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
        <ErrorNote message={saveError} />
      </fieldset>
      {window.vigilDesktop && <DesktopOptions />}
      <fieldset className="card">
        <legend>Tools in chat</legend>
        <label className="choice">
          <input
            type="checkbox"
            checked={toolsWithoutAsking}
            onChange={(event) => void chooseToolsWithoutAsking(event.target.checked)}
          />
          Send tool results to the model without asking when its endpoint is on this machine
        </label>
        <p className="caption">
          Each call is still shown in the conversation. For an endpoint off this machine every call asks, and log text
          is redacted first.
        </p>
        <ErrorNote message={toolsSaveError} />
      </fieldset>
      <RecorderSettings />
      <ProvidersSettings />
      <PrometheusSettings />
    </section>
  )
}
