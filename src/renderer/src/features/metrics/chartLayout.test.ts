// @vitest-environment happy-dom
// The chart layout: arranging, moving, hiding and resetting, and what survives a reload.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { arrange, layOutCharts, moveChart, parseLayout, placeChart } from './chartLayout'

const items = (...ids: string[]) => ids.map((id) => ({ id }))
const ids = (list: { id: string }[]) => list.map((item) => item.id)

beforeEach(() => {
  localStorage.clear()
  vi.resetModules()
})

describe('arrange', () => {
  it('puts the named charts in the remembered order and leaves new ones where the catalog put them', () => {
    const layout = { hidden: [], order: ['memory', 'cpu'] }
    expect(ids(arrange(items('cpu', 'load', 'memory', 'net-eth0'), layout))).toEqual([
      'memory',
      'load',
      'cpu',
      'net-eth0',
    ])
    // A remembered chart that is absent now (an unplugged interface) changes nothing.
    expect(ids(arrange(items('cpu', 'load'), { hidden: [], order: ['net-wlan0', 'load', 'cpu'] }))).toEqual([
      'load',
      'cpu',
    ])
  })
})

describe('layOutCharts', () => {
  it('leaves hidden charts out and folds idle interfaces away, in the arranged order', () => {
    const keys = ['cpu_total_pct', 'load_1', 'net_eth0_rx_bytes_per_s', 'net_ifb0_rx_bytes_per_s']
    const laid = layOutCharts(keys, new Set(['net-ifb0']), { hidden: ['load'], order: ['net-eth0', 'cpu'] })
    expect(ids(laid.shown)).toEqual(['net-eth0', 'cpu', 'log-lines'])
    expect(ids(laid.idle)).toEqual(['net-ifb0'])
    expect(laid.hiddenCount).toBe(1)
  })

  it('adds the Log lines chart last once there are charts, and hides and moves it like the others', () => {
    expect(layOutCharts([], new Set(), { hidden: [], order: [] }).shown).toEqual([])
    const keys = ['cpu_total_pct', 'load_1']
    expect(ids(layOutCharts(keys, new Set(), { hidden: [], order: ['log-lines', 'cpu'] }).shown)).toEqual([
      'log-lines',
      'load',
      'cpu',
    ])
    const hidden = layOutCharts(keys, new Set(), { hidden: ['log-lines'], order: [] })
    expect(ids(hidden.shown)).toEqual(['cpu', 'load'])
    expect(hidden.hiddenCount).toBe(1)
  })
})

describe('moveChart', () => {
  it('swaps a chart with its neighbour on screen and keeps the places of charts not on screen', () => {
    const layout = { hidden: ['swap'], order: ['swap', 'cpu', 'load'] }
    expect(moveChart(layout, ['cpu', 'load', 'memory'], 'memory', -1).order).toEqual(['cpu', 'memory', 'load', 'swap'])
    expect(moveChart(layout, ['cpu', 'load'], 'cpu', -1)).toBe(layout)
    expect(moveChart(layout, ['cpu', 'load'], 'load', 1)).toBe(layout)
  })
})

describe('placeChart', () => {
  it('puts a dragged chart where it is dropped, shifting the charts between, and keeps the places of charts not on screen', () => {
    const layout = { hidden: ['swap'], order: ['swap'] }
    const shown = ['cpu', 'cores', 'load', 'memory']
    expect(placeChart(layout, shown, 'memory', 0).order).toEqual(['memory', 'cpu', 'cores', 'load', 'swap'])
    expect(placeChart(layout, shown, 'cpu', 2).order).toEqual(['cores', 'load', 'cpu', 'memory', 'swap'])
    expect(placeChart(layout, shown, 'cpu', 0)).toBe(layout)
    expect(placeChart(layout, shown, 'cpu', 4)).toBe(layout)
    expect(placeChart(layout, shown, 'disk', 1)).toBe(layout)
  })
})

describe('parseLayout', () => {
  it('reads a saved layout and falls back to the default for anything else', () => {
    expect(parseLayout('{"hidden":["cpu"],"order":["load"]}')).toEqual({ hidden: ['cpu'], order: ['load'] })
    for (const text of [null, '', 'not json', '{"hidden":"cpu","order":[]}', '[1]'])
      expect(parseLayout(text)).toEqual({ hidden: [], order: [] })
  })
})

describe('the layout store', () => {
  it('remembers hidden and moved charts across a reload, and a reset shows everything in catalog order', async () => {
    const first = (await import('./chartLayout')).useChartLayout
    first.getState().hide('cpu')
    first.getState().hide('cpu')
    first.getState().move(['load', 'memory'], 'memory', -1)
    vi.resetModules()
    const reloaded = (await import('./chartLayout')).useChartLayout
    expect(reloaded.getState()).toMatchObject({ hidden: ['cpu'], order: ['memory', 'load'] })
    reloaded.getState().reset()
    vi.resetModules()
    expect((await import('./chartLayout')).useChartLayout.getState()).toMatchObject({ hidden: [], order: [] })
  })
})
