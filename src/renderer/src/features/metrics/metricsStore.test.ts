// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { routes, type MachineInfo, type MetricsEvent } from '../../../../shared/protocol'
import { eventStream, fakeCore, refusal } from '../../testing/fakeCore'
import { onFrame } from './frameLoop'
import {
  centreOn,
  chooseWindow,
  followMetrics,
  liveColumns,
  pan,
  pause,
  resetMetricsStore,
  resume,
  showRange,
  useMetricsStore,
  visibleRange,
} from './metricsStore'

const t0 = 1_800_000_000_000
const machine: MachineInfo = {
  hostname: 'box',
  os: 'Debian GNU/Linux 12',
  kernel: '6.1.0',
  arch: 'x64',
  cpuModel: 'AMD EPYC',
  cores: 2,
  memTotalBytes: 8 * 2 ** 30,
  bootTime: t0 - 3_600_000,
  fileSystems: [],
}
const history: MetricsEvent = {
  event: 'history',
  data: {
    columns: { firstSeq: 1, t: [t0, t0 + 1000], values: { cpu_total_pct: [10, 20], mem_used_bytes: [null, null] } },
    reason: 'initial',
  },
}
const samples: MetricsEvent = {
  event: 'samples',
  data: {
    samples: [
      { seq: 2, t: t0 + 1000, values: { cpu_total_pct: 99 } },
      { seq: 3, t: t0 + 2000, values: { cpu_total_pct: 30, load_1m: 0.5 } },
    ],
  },
}

/** Follows the metrics stream, which sends `events`; machine information answers with `machineAnswer`. */
function follow(events: MetricsEvent[], machineAnswer: () => Response = () => Response.json(machine)): () => void {
  fakeCore((request) =>
    request.path.startsWith(routes.metricsStream) ? eventStream(events, request.signal) : machineAnswer(),
  )
  return followMetrics()
}

afterEach(() => {
  vi.unstubAllGlobals()
  window.history.replaceState(null, '', '/')
  resetMetricsStore()
})

describe('the metrics store', () => {
  it('takes the history, then appends only samples it does not hold, and publishes series as they appear', async () => {
    const stop = follow([history, samples])
    await vi.waitFor(() => expect(useMetricsStore.getState().latest).toEqual({ cpu_total_pct: 30, load_1m: 0.5 }), {
      timeout: 10_000,
    })
    stop()
    expect(liveColumns().t).toEqual([t0, t0 + 1000, t0 + 2000])
    expect(liveColumns().values.get('cpu_total_pct')).toEqual([10, 20, 30])
    // A series with no value in the history is left out until one comes.
    expect(useMetricsStore.getState().keys).toEqual(['cpu_total_pct', 'load_1m'])
    expect(useMetricsStore.getState()).toMatchObject({
      machine,
      machineError: undefined,
      streamStatus: { state: 'live' },
    })
  })

  it('shows in its numbers, in every frame the charts draw, the newest sample the charts draw', async () => {
    const drawn: { chart: number | null | undefined; number: number | undefined }[] = []
    const stopWatching = onFrame(() =>
      drawn.push({
        chart: liveColumns().values.get('cpu_total_pct')?.at(-1),
        number: useMetricsStore.getState().latest.cpu_total_pct,
      }),
    )
    const stop = follow([history, samples])
    await vi.waitFor(() => expect(drawn.at(-1)?.chart).toBe(30), { timeout: 10_000 })
    stop()
    stopWatching()
    expect(drawn.filter(({ chart, number }) => chart !== number)).toEqual([])
  })

  it('says why machine information could not be loaded', async () => {
    const stop = follow([], () => refusal(503, 'unavailable', 'The core is stopping.'))
    await vi.waitFor(() =>
      expect(useMetricsStore.getState().machineError).toBe(
        'Machine information could not be loaded: The core is stopping.',
      ),
    )
    stop()
  })

  it('holds the window where it was while paused, and jumps to the newest sample on resume', async () => {
    const stop = follow([history])
    await vi.waitFor(() => expect(liveColumns().t).toHaveLength(2))
    chooseWindow('1m')
    pause()
    expect(useMetricsStore.getState().fixedRange).toEqual({ fromMs: t0 + 1000 - 60_000, toMs: t0 + 1000 })
    expect(visibleRange()).toEqual({ fromMs: t0 + 1000 - 60_000, toMs: t0 + 1000 })
    resume()
    expect(useMetricsStore.getState().fixedRange).toBeUndefined()
    expect(useMetricsStore.getState().windowId).toBe('1m')
    stop()
  })

  it('draws from the live columns within their hour, and from the recorder for longer or older ranges', async () => {
    const t = Array.from({ length: 30 }, (_, index) => t0 + index * 1000)
    const stop = follow([
      {
        event: 'history',
        data: { columns: { firstSeq: 1, t, values: { cpu_total_pct: t.map(() => 5) } }, reason: 'initial' },
      },
    ])
    await vi.waitFor(() => expect(liveColumns().t).toHaveLength(30))
    const isRecorded = () => useMetricsStore.getState().isRecorded
    chooseWindow('1h')
    expect(isRecorded()).toBe(false)
    chooseWindow('6h')
    expect(isRecorded()).toBe(true)
    showRange({ fromMs: t0 + 5000, toMs: t0 + 6000 })
    expect(isRecorded()).toBe(false)
    // The shortest range a zoom reaches is ten seconds, around the middle of the range dragged.
    expect(visibleRange()).toEqual({ fromMs: t0 + 500, toMs: t0 + 10_500 })
    // Before the first sample held but within the hour: the columns have all there is of it.
    showRange({ fromMs: t0 - 600_000, toMs: t0 })
    expect(isRecorded()).toBe(false)
    showRange({ fromMs: t0 - 7_200_000, toMs: t0 - 3_600_000 })
    expect(isRecorded()).toBe(true)
    stop()
  })

  it('zooms, pans by half the range no later than the newest sample, and centres on a moment', async () => {
    const stop = follow([history])
    await vi.waitFor(() => expect(liveColumns().t).toHaveLength(2))
    const newest = t0 + 1000
    showRange({ fromMs: newest - 3_600_000, toMs: newest - 1_800_000 })
    pan(-1)
    expect(visibleRange()).toEqual({ fromMs: newest - 4_500_000, toMs: newest - 2_700_000 })
    pan(1)
    pan(1)
    pan(1)
    expect(visibleRange()).toEqual({ fromMs: newest - 1_800_000, toMs: newest })
    centreOn(newest - 3_600_000)
    expect(visibleRange()).toEqual({ fromMs: newest - 4_500_000, toMs: newest - 2_700_000 })
    // Still fixed at the newest sample: only Back to live follows again.
    expect(useMetricsStore.getState().fixedRange).toBeDefined()
    stop()
  })

  it('keeps the time on screen in the address, and opens on the time the address names', () => {
    window.history.replaceState(null, '', '/#view=metrics')
    chooseWindow('7d')
    expect(location.hash).toBe('#view=metrics&window=7d')
    const yesterday = Date.now() - 86_400_000
    showRange({ fromMs: yesterday, toMs: yesterday + 600_000 })
    expect(location.hash).toBe(`#view=metrics&window=7d&from=${yesterday}&to=${yesterday + 600_000}`)
    resetMetricsStore()
    expect(useMetricsStore.getState()).toMatchObject({
      windowId: '7d',
      fixedRange: { fromMs: yesterday, toMs: yesterday + 600_000 },
      isRecorded: true,
    })
    resume()
    expect(location.hash).toBe('#view=metrics&window=7d')
  })

  it('resets: no sample held, the state as at first', async () => {
    const stop = follow([history])
    await vi.waitFor(() => expect(useMetricsStore.getState().keys).toEqual(['cpu_total_pct']))
    stop()
    chooseWindow('1h')
    // The first state is the one the address names: here, none.
    window.history.replaceState(null, '', '/')
    resetMetricsStore()
    expect(liveColumns().t).toEqual([])
    expect(useMetricsStore.getState()).toMatchObject({ keys: [], latest: {}, windowId: '5m', machine: undefined })
  })
})
