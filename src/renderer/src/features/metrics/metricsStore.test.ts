// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { routes, type MachineInfo, type MetricsEvent } from '../../../../shared/protocol'
import { eventStream, fakeCore, refusal } from '../../testing/fakeCore'
import { onFrame } from './frameLoop'
import {
  chooseWindow,
  followMetrics,
  liveColumns,
  pause,
  resetMetricsStore,
  resume,
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
    expect(useMetricsStore.getState().pausedAtMs).toBe(t0 + 1000)
    expect(visibleRange()).toEqual({ fromMs: t0 + 1000 - 60_000, toMs: t0 + 1000 })
    resume()
    expect(useMetricsStore.getState().pausedAtMs).toBeUndefined()
    stop()
  })

  it('resets: no sample held, the state as at first', async () => {
    const stop = follow([history])
    await vi.waitFor(() => expect(useMetricsStore.getState().keys).toEqual(['cpu_total_pct']))
    stop()
    chooseWindow('1h')
    resetMetricsStore()
    expect(liveColumns().t).toEqual([])
    expect(useMetricsStore.getState()).toMatchObject({ keys: [], latest: {}, windowId: '5m', machine: undefined })
  })
})
