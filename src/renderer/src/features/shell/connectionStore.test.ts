// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { routes, type CoreEvent, type CoreInfo } from '../../../../shared/protocol'
import { eventStream, fakeCore, refusal } from '../../testing/fakeCore'
import { connectToCore, resetConnectionStore, useConnectionStore } from './connectionStore'

const info: CoreInfo = { version: '0.1.0', instanceId: 'i1', mode: 'browser', hostname: 'box', platform: 'linux' }

afterEach(() => {
  vi.unstubAllGlobals()
  resetConnectionStore()
})

describe('the connection to the core', () => {
  it('keeps what the core says of itself, hands on every event in order, and says it is live', async () => {
    const storage = { state: 'full', message: 'There is no space left in the data folder.', at: 1 } as const
    const recorder = {
      state: 'paused',
      reason: 'The disk is full: recording is paused and resumes by itself when there is room.',
      since: 2,
      databaseBytes: 4096,
      retentionDays: 7,
      recordCommandLines: false,
    } as const
    const events: CoreEvent[] = [
      { event: 'hello', data: info },
      { event: 'settings', data: { theme: 'dark' } },
      { event: 'storage', data: storage },
      { event: 'alerts', data: { revision: 7, rules: [], hostStates: {}, firing: [] } },
      { event: 'recorder', data: recorder },
    ]
    const sent = fakeCore((request) => eventStream(events, request.signal))
    const handed: CoreEvent[] = []
    const close = connectToCore((event) => handed.push(event))
    await vi.waitFor(() => expect(handed).toHaveLength(5))
    close()
    expect(handed).toEqual(events)
    expect(sent.map((request) => request.path)).toEqual([routes.coreStream])
    expect(useConnectionStore.getState()).toEqual({ status: { state: 'live' }, info, storage, recorder })
  })

  it('goes offline with the core’s reason when the core refuses the stream, and resets to connecting', async () => {
    fakeCore(() => refusal(401, 'unauthorized', 'This page has no valid token: open the address Vigil printed.'))
    const close = connectToCore(() => {})
    await vi.waitFor(() => expect(useConnectionStore.getState().status.state).toBe('offline'))
    close()
    expect(useConnectionStore.getState().status.detail).toBe(
      'This page has no valid token: open the address Vigil printed.',
    )
    resetConnectionStore()
    expect(useConnectionStore.getState()).toEqual({
      status: { state: 'connecting' },
      info: undefined,
      storage: { state: 'ok' },
      recorder: undefined,
    })
  })
})
