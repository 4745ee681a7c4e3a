// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { followAddress, resetNavigationStore, showView, useNavigationStore, viewInAddress } from './navigationStore'

afterEach(() => {
  history.replaceState(null, '', '/')
  resetNavigationStore()
})

describe('the navigation store', () => {
  it('opens on the view the address names, the metrics when it names none or an unknown one', () => {
    expect(useNavigationStore.getState().view).toBe('metrics')
    expect(viewInAddress('#view=logs')).toBe('logs')
    expect(viewInAddress('view=chat&conversation=abc')).toBe('chat')
    expect(viewInAddress('#view=nowhere')).toBe('metrics')
    expect(viewInAddress('#token=abc')).toBe('metrics')
    expect(viewInAddress('')).toBe('metrics')
  })

  it('puts the view shown in the address, keeping the rest of the fragment, one history entry per change', () => {
    history.replaceState(null, '', '/?x=1#other=2')
    const entries = history.length
    showView('exports')
    expect(useNavigationStore.getState().view).toBe('exports')
    expect(location.search).toBe('?x=1')
    expect(new URLSearchParams(location.hash.slice(1)).get('other')).toBe('2')
    expect(viewInAddress(location.hash)).toBe('exports')
    showView('exports')
    expect(history.length).toBe(entries + 1)
    resetNavigationStore()
    expect(useNavigationStore.getState()).toEqual({ view: 'exports' })
  })

  it('follows Back and an edited address until told to stop', () => {
    const stop = followAddress()
    showView('logs')
    history.replaceState(null, '', '/#view=chat')
    window.dispatchEvent(new PopStateEvent('popstate'))
    expect(useNavigationStore.getState().view).toBe('chat')
    stop()
    history.replaceState(null, '', '/#view=settings')
    window.dispatchEvent(new PopStateEvent('popstate'))
    expect(useNavigationStore.getState().view).toBe('chat')
  })
})
