// The desktop app's options (close to tray, start at login); only the desktop app shows them.
import { ErrorNote } from '../../components/ErrorNote'
import { setDesktopOption, useDesktopOptionsStore, type DesktopOption } from './desktopOptionsStore'

const options: { option: DesktopOption; label: string; hint: string }[] = [
  {
    option: 'closeToTray',
    label: 'Keep running in the tray when the window is closed',
    hint: 'Alerts still notify you; Quit from the tray icon ends Vigil.',
  },
  {
    option: 'startAtLogin',
    label: 'Start Vigil when I log in',
    hint: 'It starts in the tray, recording, without opening a window.',
  },
]

export function DesktopOptions() {
  const state = useDesktopOptionsStore()
  return (
    <fieldset className="card desktop-options">
      <legend>Desktop</legend>
      {options.map(({ option, label, hint }) => (
        <label key={option} className="choice">
          <input
            type="checkbox"
            checked={state[option]}
            onChange={(event) => void setDesktopOption(option, event.target.checked)}
          />
          <span>
            {label}
            <span className="caption"> {hint}</span>
          </span>
        </label>
      ))}
      <ErrorNote message={state.saveError} />
    </fieldset>
  )
}
