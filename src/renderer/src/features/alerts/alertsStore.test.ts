import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AlertEpisode, AlertRule, AlertsEventData } from '../../../../shared/protocol'
import { applyAlertsEvent, resetAlertsStore, saveRules, useAlertsStore } from './alertsStore'

const rule: AlertRule = {
  id: 'r1',
  seriesKey: 'cpu_total_pct',
  operator: 'above',
  threshold: -1,
  forSeconds: 0,
  isEnabled: true,
}
const episode: AlertEpisode = {
  ruleId: 'r1',
  state: 'firing',
  since: 1_795_500_000_000,
  value: 3,
  message: 'CPU total above -1.0 %: now 3.0 %',
}

/** Answers the next PUT with `answer` once `release` is called, as a slow answer would come. */
function holdPutAnswer(answer: AlertsEventData): () => void {
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  vi.stubGlobal('fetch', async () => {
    await released
    return Response.json(answer)
  })
  return release
}

afterEach(() => {
  vi.unstubAllGlobals()
  resetAlertsStore()
})

describe('the alerts store', () => {
  it('keeps an episode the stream brought while the save that caused it was still being answered', async () => {
    applyAlertsEvent({ revision: 1, rules: [], hostStates: {}, firing: [] })
    const release = holdPutAnswer({ revision: 2, rules: [rule], hostStates: {}, firing: [] })
    const saving = saveRules([rule])
    applyAlertsEvent({ revision: 2, rules: [rule], hostStates: {}, firing: [] })
    applyAlertsEvent({ revision: 3, rules: [rule], hostStates: {}, firing: [episode] })
    release()
    await saving
    expect(useAlertsStore.getState()).toMatchObject({
      revision: 3,
      rules: [rule],
      firing: [episode],
      saveError: undefined,
    })
  })

  it('takes the answer to a save when the stream has not caught up, as while it reconnects', async () => {
    applyAlertsEvent({ revision: 4, rules: [rule], hostStates: {}, firing: [episode] })
    const release = holdPutAnswer({ revision: 5, rules: [{ ...rule, isEnabled: false }], hostStates: {}, firing: [] })
    const saving = saveRules([{ ...rule, isEnabled: false }])
    release()
    await saving
    expect(useAlertsStore.getState()).toMatchObject({ revision: 5, rules: [{ ...rule, isEnabled: false }], firing: [] })
  })

  it('keeps the core’s reason when a save is refused, and resets to the state before the core’s first event', async () => {
    applyAlertsEvent({ revision: 2, rules: [rule], hostStates: {}, firing: [episode] })
    vi.stubGlobal('fetch', async () =>
      Response.json({ code: 'bad_request', message: 'A threshold must be a number.' }, { status: 400 }),
    )
    await saveRules([{ ...rule, threshold: Number.NaN }])
    expect(useAlertsStore.getState()).toMatchObject({
      revision: 2,
      rules: [rule],
      saveError: 'A threshold must be a number.',
    })
    resetAlertsStore()
    expect(useAlertsStore.getState()).toMatchObject({
      revision: -1,
      rules: [],
      hostStates: {},
      firing: [],
      saveError: undefined,
    })
  })
})
