// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { routes } from '../../../../shared/protocol'
import { fakeCore, refusal } from '../../testing/fakeCore'
import {
  applyDesktopOptions,
  resetDesktopOptionsStore,
  setDesktopOption,
  useDesktopOptionsStore,
} from './desktopOptionsStore'

afterEach(() => {
  vi.unstubAllGlobals()
  resetDesktopOptionsStore()
})

describe('the desktop options', () => {
  it('sends only the option changed, and shows what the core kept', async () => {
    const sent = fakeCore((request) =>
      Response.json({ theme: 'dark', closeToTray: true, startAtLogin: true, ...(request.body as object) }),
    )
    await setDesktopOption('startAtLogin', false)
    expect(sent.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'PUT', path: routes.settings, body: { startAtLogin: false } },
    ])
    expect(useDesktopOptionsStore.getState()).toMatchObject({
      closeToTray: true,
      startAtLogin: false,
      saveError: undefined,
    })
  })

  it('goes back to what it was, with the core’s reason, when the save fails', async () => {
    applyDesktopOptions({ theme: 'system', closeToTray: true })
    fakeCore(() => refusal(507, 'storage_full', 'The disk is full.'))
    await setDesktopOption('closeToTray', false)
    expect(useDesktopOptionsStore.getState()).toMatchObject({
      closeToTray: true,
      saveError: 'The option could not be saved: The disk is full.',
    })
  })

  it('reads absent options as off', () => {
    applyDesktopOptions({ theme: 'light', closeToTray: true, startAtLogin: true })
    applyDesktopOptions({ theme: 'light' })
    expect(useDesktopOptionsStore.getState()).toMatchObject({ closeToTray: false, startAtLogin: false })
  })
})
