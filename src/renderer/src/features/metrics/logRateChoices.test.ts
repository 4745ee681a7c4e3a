// @vitest-environment happy-dom
// The log-rate choices: what a reload brings back, and what a stored text that is not a choice gives.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { overlayLabel, parseChoices } from './logRateChoices'

beforeEach(() => {
  localStorage.clear()
  vi.resetModules()
})

describe('log-rate choices', () => {
  it('remembers the overlay of each chart and the Log lines chart source across a reload', async () => {
    const first = (await import('./logRateChoices')).useLogRateChoices
    first.getState().setOverlay('cpu', { source: 'f1', sourceName: 'app.log', level: 'error' })
    first.getState().setOverlay('memory', { source: undefined, sourceName: undefined, level: 'all' })
    first.getState().setOverlay('memory', undefined)
    first.getState().setChartSource({ id: 'f1', name: 'app.log' })
    vi.resetModules()
    const reloaded = (await import('./logRateChoices')).useLogRateChoices.getState()
    expect(reloaded.overlays).toEqual({ cpu: { source: 'f1', sourceName: 'app.log', level: 'error' } })
    expect(reloaded.chartSource).toEqual({ id: 'f1', name: 'app.log' })
  })

  it('keeps only what is a choice from a stored text', () => {
    const stored = JSON.stringify({
      overlays: {
        cpu: { level: 'warn' },
        load: { level: 'loud' },
        memory: 'errors',
        swap: { source: 3, level: 'info' },
      },
      chartSource: { id: 'f1' },
    })
    expect(parseChoices(stored)).toEqual({ overlays: { cpu: { level: 'warn' } }, chartSource: undefined })
    for (const text of [null, '', 'not json', '[1]'])
      expect(parseChoices(text)).toEqual({ overlays: {}, chartSource: undefined })
  })

  it('names an overlay by its level and source', () => {
    expect(overlayLabel({ source: 'f1', sourceName: 'app.log', level: 'error' })).toBe('errors in app.log')
    expect(overlayLabel({ source: undefined, sourceName: undefined, level: 'all' })).toBe('lines in all logs')
  })
})
