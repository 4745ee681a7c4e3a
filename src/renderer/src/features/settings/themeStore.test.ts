// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { routes } from '../../../../shared/protocol'
import { fakeCore, refusal } from '../../testing/fakeCore'
import { applyServerTheme, cycleTheme, effectiveTheme, resetThemeStore, useThemeStore } from './themeStore'

afterEach(() => {
  vi.unstubAllGlobals()
  resetThemeStore()
})

describe('the theme store', () => {
  it('saves each choice in the core, cycling system, light, dark and back', async () => {
    const sent = fakeCore((request) => Response.json(request.body))
    await cycleTheme()
    expect(useThemeStore.getState().mode).toBe('light')
    await cycleTheme()
    await cycleTheme()
    expect(useThemeStore.getState()).toMatchObject({ mode: 'system', saveError: undefined })
    expect(sent.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'PUT', path: routes.settings, body: { theme: 'light' } },
      { method: 'PUT', path: routes.settings, body: { theme: 'dark' } },
      { method: 'PUT', path: routes.settings, body: { theme: 'system' } },
    ])
  })

  it('goes back to the previous choice, with the core’s reason, when the save fails', async () => {
    applyServerTheme({ theme: 'dark' })
    fakeCore(() => refusal(507, 'storage_full', 'The disk is full.'))
    await cycleTheme()
    expect(useThemeStore.getState()).toMatchObject({
      mode: 'dark',
      saveError: 'The theme could not be saved: The disk is full.',
    })
    resetThemeStore()
    expect(useThemeStore.getState()).toMatchObject({ mode: 'system', saveError: undefined })
  })

  it('follows the system’s preference only while the choice is "system"', () => {
    expect(effectiveTheme({ mode: 'system', systemPrefersDark: true })).toBe('dark')
    expect(effectiveTheme({ mode: 'system', systemPrefersDark: false })).toBe('light')
    expect(effectiveTheme({ mode: 'light', systemPrefersDark: true })).toBe('light')
  })
})
