import { rm } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { makeDataDir } from '../../test/support/testCore'
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './windowState'

const display = { x: 0, y: 0, width: 1920, height: 1040 }

describe('window state', () => {
  it('restores bounds that fall on a display', () => {
    const state: WindowState = { bounds: { x: 100, y: 80, width: 1200, height: 700 }, isMaximized: true }
    expect(fitToDisplays(state, [display])).toEqual(state)
  })

  it('forgets bounds on a display that is no longer there', () => {
    const offScreen: WindowState = { bounds: { x: 2500, y: 100, width: 1200, height: 700 }, isMaximized: false }
    expect(fitToDisplays(offScreen, [display])).toBeUndefined()
    expect(fitToDisplays(offScreen, [display, { x: 1920, y: 0, width: 1920, height: 1080 }])).toEqual(offScreen)
  })

  it('grows a window below the minimum size', () => {
    const tiny: WindowState = { bounds: { x: 10, y: 10, width: 200, height: 100 }, isMaximized: false }
    expect(fitToDisplays(tiny, [display])?.bounds).toEqual({ x: 10, y: 10, width: 800, height: 560 })
  })

  it('saves and loads through the data folder, and ignores a corrupt file', async () => {
    const dataDir = await makeDataDir()
    try {
      expect(await loadWindowState(dataDir)).toBeUndefined()
      const state: WindowState = { bounds: { x: 1, y: 2, width: 900, height: 600 }, isMaximized: false }
      await saveWindowState(dataDir, state)
      expect(await loadWindowState(dataDir)).toEqual(state)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
