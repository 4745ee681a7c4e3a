// The desktop app's place in the system: the tray icon with the live alert state, the application menu with
// the standard roles, and desktop notifications that can be paused. Electron glue only; what it shows is
// decided by the plain functions below (trayStateOf, the menu templates), which the tests call directly.
// Lifecycle: built once the core runs; dispose() removes the tray and stops following the alerts.
import { Menu, Notification, shell, Tray, type MenuItemConstructorOptions } from 'electron'
import type { AlertsEventData, ViewId } from '../shared/protocol'
import type { Alerts } from './alerts'

export interface TrayState {
  tooltip: string
  firingCount: number
}

/** The tray's words for the alerts as they are now. */
export function trayStateOf(alerts: AlertsEventData): TrayState {
  const firingCount = alerts.firing.length
  if (firingCount === 0) return { tooltip: 'Vigil: no alert firing', firingCount }
  const first = alerts.firing[0]!.message
  const more = firingCount > 1 ? ` (and ${firingCount - 1} more)` : ''
  return { tooltip: `Vigil: ${firingCount} alert${firingCount > 1 ? 's' : ''} firing: ${first}${more}`, firingCount }
}

export interface ShellActions {
  showWindow(): void
  quit(): void
  openReadme(): void
  openDataFolder(): void
}

export function trayMenuTemplate(
  state: TrayState,
  notifications: { isPaused: boolean; setPaused(isPaused: boolean): void },
  actions: ShellActions,
): MenuItemConstructorOptions[] {
  return [
    {
      label: state.firingCount === 0 ? 'No alert firing' : `${state.firingCount} alert(s) firing`,
      enabled: false,
    },
    { type: 'separator' },
    { label: 'Show Vigil', click: actions.showWindow },
    {
      label: 'Pause notifications',
      type: 'checkbox',
      checked: notifications.isPaused,
      click: (item) => notifications.setPaused(item.checked),
    },
    { type: 'separator' },
    { label: 'Quit Vigil', click: actions.quit },
  ]
}

/** The application menu: the platform's standard roles, and help that opens the README and the data folder. */
export function appMenuTemplate(platform: NodeJS.Platform, actions: ShellActions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin'
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Vigil’s README', click: actions.openReadme },
        { label: 'Open the data folder', click: actions.openDataFolder },
      ],
    },
  ]
}

export interface DesktopShellOptions {
  alerts: Alerts
  trayIconPath: string
  dataDir: string
  readmePath: string
  showWindow(): void
  /** Shows the window on this view (a notification clicked). */
  showView(view: ViewId): void
  quit(): void
}

export interface DesktopShell {
  /** Shows a desktop notification unless the user paused them; a click shows the window on its view. */
  notify(title: string, body: string, view: ViewId): void
  dispose(): void
}

export function createDesktopShell(options: DesktopShellOptions): DesktopShell {
  let isPaused = false
  const actions: ShellActions = {
    showWindow: options.showWindow,
    quit: options.quit,
    openReadme: () => void shell.openPath(options.readmePath),
    openDataFolder: () => void shell.openPath(options.dataDir),
  }
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, actions)))

  const tray = new Tray(options.trayIconPath)
  tray.on('click', options.showWindow)
  const notifications = {
    get isPaused() {
      return isPaused
    },
    setPaused(next: boolean) {
      isPaused = next
      render(options.alerts.state())
    },
  }
  function render(alerts: AlertsEventData): void {
    const state = trayStateOf(alerts)
    tray.setToolTip(state.tooltip)
    // macOS shows a title beside the icon: the count, while alerts fire.
    tray.setTitle(state.firingCount > 0 ? String(state.firingCount) : '')
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(state, notifications, actions)))
  }
  render(options.alerts.state())
  const unsubscribe = options.alerts.onChange(render)

  return {
    notify(title, body, view) {
      if (isPaused || !Notification.isSupported()) return
      const notification = new Notification({ title, body })
      notification.on('click', () => options.showView(view))
      notification.show()
    },
    dispose() {
      unsubscribe()
      tray.destroy()
    },
  }
}
