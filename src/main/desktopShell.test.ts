// The tray, the application menu and notifications, with electron mocked (its binary cannot run in tests).
import { describe, expect, it, vi } from 'vitest'
import { createEmitter } from '../shared/emitter'
import type { AlertEpisode, AlertsEventData } from '../shared/protocol'
import type { Alerts } from './alerts'

type MenuItem = {
  label?: string
  role?: string
  type?: string
  checked?: boolean
  enabled?: boolean
  submenu?: MenuItem[]
  click?: (item: { checked: boolean }) => void
}

const electron = vi.hoisted(() => {
  class FakeTray {
    static created: FakeTray[] = []
    tooltip = ''
    title = ''
    menu: MenuItem[] = []
    isDestroyed = false
    listeners = new Map<string, () => void>()
    constructor(readonly iconPath: string) {
      FakeTray.created.push(this)
    }
    setToolTip(text: string) {
      this.tooltip = text
    }
    setTitle(text: string) {
      this.title = text
    }
    setContextMenu(menu: MenuItem[]) {
      this.menu = menu
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener)
    }
    destroy() {
      this.isDestroyed = true
    }
  }
  class FakeNotification {
    static shown: FakeNotification[] = []
    static isSupported = () => true
    listeners = new Map<string, () => void>()
    constructor(readonly options: { title: string; body: string }) {}
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener)
    }
    show() {
      FakeNotification.shown.push(this)
    }
  }
  return {
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: {
      buildFromTemplate: (template: MenuItem[]) => template,
      setApplicationMenu: vi.fn((_menu: MenuItem[]) => undefined),
    },
    shell: { openPath: vi.fn(async (_path: string) => '') },
  }
})

vi.mock('electron', () => electron)

const { createDesktopShell, trayStateOf } = await import('./desktopShell')

function episode(message: string): AlertEpisode {
  return { ruleId: message, state: 'firing', since: 0, value: 95, message }
}

function fakeAlerts(firing: AlertEpisode[] = []) {
  let state: AlertsEventData = { revision: 0, rules: [], hostStates: {}, firing }
  const changes = createEmitter<AlertsEventData>()
  const alerts: Alerts = { state: () => state, replaceRules: async () => state, onChange: changes.on }
  return {
    alerts,
    fire(next: AlertEpisode[]) {
      state = { revision: state.revision + 1, rules: [], hostStates: {}, firing: next }
      changes.emit(state)
    },
    listeners: () => changes.listenerCount,
  }
}

function startShell(firing: AlertEpisode[] = []) {
  const source = fakeAlerts(firing)
  const showWindow = vi.fn()
  const showView = vi.fn()
  const quit = vi.fn()
  const shell = createDesktopShell({
    alerts: source.alerts,
    trayIconPath: '/app/tray.png',
    dataDir: '/home/me/.config/Vigil',
    readmePath: '/app/README.md',
    showWindow,
    showView,
    quit,
  })
  const tray = electron.Tray.created.at(-1)!
  const item = (label: string) => tray.menu.find((entry) => entry.label === label)!
  return { ...source, shell, tray, item, showWindow, showView, quit }
}

describe('the tray', () => {
  it('says in words how many alerts fire, naming the first', () => {
    expect(trayStateOf({ revision: 0, rules: [], hostStates: {}, firing: [] }).tooltip).toBe('Vigil: no alert firing')
    expect(trayStateOf({ revision: 0, rules: [], hostStates: {}, firing: [episode('CPU above 90 %')] }).tooltip).toBe(
      'Vigil: 1 alert firing: CPU above 90 %',
    )
    expect(
      trayStateOf({ revision: 0, rules: [], hostStates: {}, firing: [episode('CPU above 90 %'), episode('disk full')] })
        .tooltip,
    ).toBe('Vigil: 2 alerts firing: CPU above 90 % (and 1 more)')
  })

  it('follows the alerts live: tooltip, title and the menu’s first line', () => {
    const { tray, fire } = startShell()
    expect(tray.iconPath).toBe('/app/tray.png')
    expect(tray.tooltip).toBe('Vigil: no alert firing')
    expect(tray.menu[0]).toMatchObject({ label: 'No alert firing', enabled: false })
    fire([episode('CPU above 90 %'), episode('disk full')])
    expect(tray.tooltip).toBe('Vigil: 2 alerts firing: CPU above 90 % (and 1 more)')
    expect(tray.title).toBe('2')
    expect(tray.menu[0]).toMatchObject({ label: '2 alert(s) firing' })
    fire([])
    expect(tray.title).toBe('')
  })

  it('shows the window, pauses notifications and quits from its menu', () => {
    const { shell, item, tray, showWindow, showView, quit } = startShell()
    item('Show Vigil').click!({ checked: false })
    tray.listeners.get('click')!()
    expect(showWindow).toHaveBeenCalledTimes(2)

    const shownBefore = electron.Notification.shown.length
    shell.notify('Vigil alert', 'CPU above 90 %', 'metrics')
    expect(electron.Notification.shown.length).toBe(shownBefore + 1)
    electron.Notification.shown.at(-1)!.listeners.get('click')!()
    expect(showView).toHaveBeenCalledExactlyOnceWith('metrics')

    item('Pause notifications').click!({ checked: true })
    expect(item('Pause notifications').checked).toBe(true)
    shell.notify('Vigil alert', 'disk full', 'metrics')
    expect(electron.Notification.shown.length).toBe(shownBefore + 1)
    item('Pause notifications').click!({ checked: false })
    shell.notify('Vigil alert', 'disk full', 'metrics')
    expect(electron.Notification.shown.length).toBe(shownBefore + 2)

    item('Quit Vigil').click!({ checked: false })
    expect(quit).toHaveBeenCalledOnce()
  })

  it('goes away on dispose and stops following the alerts', () => {
    const { shell, tray, listeners } = startShell()
    expect(listeners()).toBe(1)
    shell.dispose()
    expect(tray.isDestroyed).toBe(true)
    expect(listeners()).toBe(0)
  })
})

describe('the application menu', () => {
  it('has the standard roles, and help that opens the README and the data folder', async () => {
    startShell()
    const template = electron.Menu.setApplicationMenu.mock.calls.at(-1)![0]
    const roles = template.map((entry) => entry.role)
    for (const role of ['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']) expect(roles).toContain(role)
    const help = template.find((entry) => entry.role === 'help')!.submenu!
    help.find((entry) => entry.label === 'Vigil’s README')!.click!({ checked: false })
    help.find((entry) => entry.label === 'Open the data folder')!.click!({ checked: false })
    expect(electron.shell.openPath.mock.calls.map(([path]) => path)).toEqual([
      '/app/README.md',
      '/home/me/.config/Vigil',
    ])
  })
})
