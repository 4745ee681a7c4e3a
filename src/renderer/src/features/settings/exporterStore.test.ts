// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { exporterRoutes, type ExporterStatus } from '../../../../shared/exporter'
import { fakeCore, refusal } from '../../testing/fakeCore'
import {
  dismissScrapeToken,
  loadExporter,
  renewScrapeToken,
  resetExporterStore,
  saveExporter,
  useExporterStore,
} from './exporterStore'

afterEach(() => {
  vi.unstubAllGlobals()
  resetExporterStore()
})

const off: ExporterStatus = {
  isEnabled: false,
  listenAddress: null,
  hasToken: false,
  tokenStorage: 'in a file only you can read',
  remote: { state: 'off' },
}
const on: ExporterStatus = { ...off, isEnabled: true, hasToken: true }

describe('the Prometheus settings store', () => {
  it('keeps the token the core showed once until it is dismissed, and a renewed one in its place', async () => {
    const sent = fakeCore((request) => {
      if (request.method === 'GET') return Response.json(off)
      if (request.method === 'PUT') return Response.json({ status: on, token: 'first' })
      return Response.json({ status: on, token: 'second' })
    })
    await loadExporter()
    expect(useExporterStore.getState().status).toEqual(off)
    await saveExporter({ isEnabled: true, listenAddress: null })
    expect(useExporterStore.getState()).toMatchObject({ status: on, shownToken: 'first', isSaving: false })
    await renewScrapeToken()
    expect(useExporterStore.getState().shownToken).toBe('second')
    dismissScrapeToken()
    expect(useExporterStore.getState().shownToken).toBeUndefined()
    expect(sent.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'GET', path: exporterRoutes.settings, body: undefined },
      { method: 'PUT', path: exporterRoutes.settings, body: { isEnabled: true, listenAddress: null } },
      { method: 'POST', path: exporterRoutes.token, body: undefined },
    ])
  })

  it('keeps a save’s later answer without a token from hiding the one still shown', async () => {
    fakeCore((request) => Response.json(request.method === 'POST' ? { status: on, token: 'shown' } : { status: on }))
    await renewScrapeToken()
    await saveExporter({ isEnabled: true, listenAddress: null })
    expect(useExporterStore.getState().shownToken).toBe('shown')
  })

  it('says why a listen address was refused, keeping the status it had', async () => {
    fakeCore((request) =>
      request.method === 'GET'
        ? Response.json(on)
        : refusal(409, 'conflict', '0.0.0.0:9101 is already in use by another program: choose another port.'),
    )
    await loadExporter()
    await saveExporter({ isEnabled: true, listenAddress: '0.0.0.0:9101' })
    expect(useExporterStore.getState()).toMatchObject({
      status: on,
      isSaving: false,
      error: 'Not saved: 0.0.0.0:9101 is already in use by another program: choose another port.',
    })
  })
})
