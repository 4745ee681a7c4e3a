// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SeriesRange } from '../../../../shared/recorder'
import { fakeCore, refusal, type SentRequest } from '../../testing/fakeCore'
import type { ChartSpec } from './chartCatalog'
import { resetMetricsStore, showRange, useMetricsStore } from './metricsStore'
import { createRecordedLoader } from './recordedLoader'

const spec: ChartSpec = {
  id: 'cpu',
  title: 'CPU',
  unit: 'pct',
  lines: [{ key: 'cpu_total_pct', label: 'total', color: 1 }],
  notes: [],
}
const dayMs = 86_400_000

/** The recorder answers one step at the request's start, 42 % (min 40, max 44). */
function recorder(): SentRequest[] {
  return fakeCore((request) => {
    const query = new URL(request.path, 'http://core').searchParams
    const from = Number(query.get('from'))
    const answer: SeriesRange = {
      from,
      to: Number(query.get('to')),
      resolution: 'minute',
      stepSeconds: Number(query.get('stepSeconds')),
      t: [from],
      values: { cpu_total_pct: [42] },
      min: { cpu_total_pct: [40] },
      max: { cpu_total_pct: [44] },
    }
    return Response.json(answer)
  })
}

afterEach(() => {
  vi.unstubAllGlobals()
  window.history.replaceState(null, '', '/')
  resetMetricsStore()
})

describe('a chart drawn from the recorder', () => {
  it('asks once per request, draws the answer as averages, minimums and maximums, and tells the chart', async () => {
    const sent = recorder()
    const loader = createRecordedLoader()
    const loaded = vi.fn()
    loader.onLoaded(loaded)
    // Starting just after a step of the grid (13 minutes at this width).
    const fromMs = Math.floor((Date.now() - 7 * dayMs) / 780_000) * 780_000 + 1000
    const week = { fromMs, toMs: fromMs + 7 * dayMs }
    expect(loader.data(spec, week, 800)).toEqual([[], [], [], []])
    expect(loader.data(spec, week, 800)).toEqual([[], [], [], []])
    await vi.waitFor(() => expect(loaded).toHaveBeenCalledTimes(1))
    expect(sent).toHaveLength(1)
    const [t, avg, min, max] = loader.data(spec, week, 800)
    expect([t!.length, avg, min, max]).toEqual([1, [42], [40], [44]])
    // Live, the range moving by less than a step asks nothing new; a step more does.
    loader.data(spec, { fromMs: week.fromMs + 1000, toMs: week.toMs + 1000 }, 800)
    expect(sent).toHaveLength(1)
    loader.data(spec, { fromMs: week.fromMs + 780_000, toMs: week.toMs + 780_000 }, 800)
    expect(sent).toHaveLength(2)
    loader.dispose()
  })

  it('aborts a read another range has made pointless, and says when the recorder refuses', async () => {
    const sent = recorder()
    const loader = createRecordedLoader()
    const nowMs = Date.now()
    showRange({ fromMs: nowMs - 2 * dayMs, toMs: nowMs - dayMs })
    loader.data(spec, { fromMs: nowMs - 2 * dayMs, toMs: nowMs - dayMs }, 800)
    loader.data(spec, { fromMs: nowMs - 3 * dayMs, toMs: nowMs - 2 * dayMs }, 800)
    expect(sent).toHaveLength(2)
    expect(sent[0]!.signal?.aborted).toBe(true)
    expect(sent[1]!.signal?.aborted).toBe(false)

    fakeCore(() => refusal(400, 'bad_request', 'the range must not be longer than 400 days'))
    loader.data(spec, { fromMs: nowMs - 4 * dayMs, toMs: nowMs - 3 * dayMs }, 800)
    await vi.waitFor(() =>
      expect(useMetricsStore.getState().recordedError).toBe(
        'The recorder could not give this range: the range must not be longer than 400 days',
      ),
    )
    loader.dispose()
  })
})
