import { afterEach, describe, expect, it } from 'vitest'
import { resetNavigationStore, showView, useNavigationStore } from './navigationStore'

afterEach(resetNavigationStore)

describe('the navigation store', () => {
  it('opens on the metrics, shows the view asked for, and resets to the metrics', () => {
    expect(useNavigationStore.getState().view).toBe('metrics')
    showView('exports')
    expect(useNavigationStore.getState().view).toBe('exports')
    resetNavigationStore()
    expect(useNavigationStore.getState()).toEqual({ view: 'metrics' })
  })
})
