// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { routes } from '../../../../shared/protocol'
import { recorderRoutes, type RecorderStatus } from '../../../../shared/recorder'
import { fakeCore, refusal } from '../../testing/fakeCore'
import {
  applyRecorderSettings,
  clearHistory,
  resetRecorderSettingsStore,
  saveRecorderSetting,
  useRecorderSettingsStore,
} from './recorderStore'

afterEach(() => {
  vi.unstubAllGlobals()
  resetRecorderSettingsStore()
})

const status: RecorderStatus = {
  state: 'recording',
  since: 1,
  databaseBytes: 8192,
  retentionDays: 3,
  recordCommandLines: false,
}

describe('the recorder settings', () => {
  it('sends only the setting changed, and shows what the core kept', async () => {
    const sent = fakeCore((request) => Response.json({ theme: 'dark', ...(request.body as object) }))
    await saveRecorderSetting({ recorderRetentionDays: 3 })
    expect(sent.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'PUT', path: routes.settings, body: { recorderRetentionDays: 3 } },
    ])
    expect(useRecorderSettingsStore.getState()).toMatchObject({ retentionDays: 3, recordCommandLines: false })
  })

  it('reads absent settings as the defaults: 7 days, no command lines', () => {
    applyRecorderSettings({ theme: 'light', recorderRetentionDays: 30, recordCommandLines: true })
    applyRecorderSettings({ theme: 'light' })
    expect(useRecorderSettingsStore.getState()).toMatchObject({ retentionDays: 7, recordCommandLines: false })
  })

  it('clears the history and shows the status the core answers, or its reason when it fails', async () => {
    const sent = fakeCore(() => Response.json(status))
    await clearHistory()
    expect(sent.map(({ method, path }) => ({ method, path }))).toEqual([{ method: 'POST', path: recorderRoutes.clear }])
    expect(useRecorderSettingsStore.getState()).toMatchObject({ status, isClearing: false, error: undefined })

    fakeCore(() => refusal(507, 'storage_failed', 'The history could not be cleared: disk I/O error'))
    await clearHistory()
    expect(useRecorderSettingsStore.getState().error).toMatch(/could not be cleared: .*disk I\/O error/)
  })
})
