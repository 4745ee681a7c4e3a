// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { logRoutes, type LogSourceInfo } from '../../../../shared/logs'
import { fakeCore, refusal } from '../../testing/fakeCore'
import {
  addSource,
  noteSourceEvent,
  refreshSources,
  resetSourcesStore,
  sourceName,
  useSourcesStore,
} from './sourcesStore'

const syslog: LogSourceInfo = { id: 'f1', kind: 'file', name: 'syslog', path: '/var/log/syslog', status: 'following' }

afterEach(() => {
  vi.unstubAllGlobals()
  localStorage.clear()
  resetSourcesStore()
})

describe('the log sources store', () => {
  it('publishes a new list, but not the same list again, so nothing re-renders for a poll', async () => {
    fakeCore(() => Response.json([syslog]))
    await refreshSources()
    const first = useSourcesStore.getState().sources
    await refreshSources()
    expect(useSourcesStore.getState().sources).toBe(first)
    expect(first).toEqual([syslog])
    expect(sourceName('f1')).toBe('syslog')
    expect(sourceName('gone')).toBe('gone')
  })

  it('keeps a source’s colour when another source is removed, also across a reload', async () => {
    const file = (id: string): LogSourceInfo => ({ ...syslog, id, name: id, path: `/var/log/${id}` })
    let listed = [file('f1'), file('f2'), file('f3')]
    fakeCore(() => Response.json(listed))
    await refreshSources()
    const before = useSourcesStore.getState().colours
    listed = [file('f1'), file('f3')]
    await refreshSources()
    expect(useSourcesStore.getState().colours).toEqual({ f1: before.f1, f3: before.f3 })
    expect(before.f3).not.toBe(before.f1)
    resetSourcesStore()
    expect(useSourcesStore.getState().colours).toEqual({ f1: before.f1, f3: before.f3 })
  })

  it('says why the list failed, and clears that once a poll succeeds', async () => {
    let isDown = true
    fakeCore(() => (isDown ? refusal(503, 'unavailable', 'The core is stopping.') : Response.json([])))
    await refreshSources()
    expect(useSourcesStore.getState().loadError).toBe('The sources could not be listed: The core is stopping.')
    isDown = false
    await refreshSources()
    expect(useSourcesStore.getState().loadError).toBeUndefined()
  })

  it('adds a file by its path and lists the sources again', async () => {
    const sent = fakeCore((request) => Response.json(request.method === 'POST' ? syslog : [syslog]))
    expect(await addSource('/var/log/syslog')).toEqual(syslog)
    expect(sent.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'POST', path: logRoutes.sources, body: { path: '/var/log/syslog' } },
      { method: 'GET', path: logRoutes.sources, body: undefined },
    ])
    expect(useSourcesStore.getState().sources).toEqual([syslog])
  })

  it('keeps the newest notice of each source, and resets to none', () => {
    noteSourceEvent('f1', 'rotated', 'syslog was rotated.')
    noteSourceEvent('f1', 'truncated', 'syslog was truncated.')
    noteSourceEvent('f2', 'missing', 'auth.log is missing.')
    const { lastEvents } = useSourcesStore.getState()
    expect(Object.keys(lastEvents)).toEqual(['f1', 'f2'])
    expect(lastEvents.f1).toMatchObject({ notice: 'truncated', message: 'syslog was truncated.' })
    resetSourcesStore()
    expect(useSourcesStore.getState()).toEqual({ sources: [], lastEvents: {}, colours: {}, loadError: undefined })
  })
})
