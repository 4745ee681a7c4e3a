// Single-use download links over real HTTP on 127.0.0.1: a link is made with the token, then works
// once without it, and never again; it expires; it is made only for download routes.
import { afterEach, describe, expect, it } from 'vitest'
import { downloadRoutes, type DownloadTicket } from '../../src/shared/downloads'
import { exportRoutes, type ExportJob } from '../../src/shared/export'
import { routes } from '../../src/shared/protocol'
import { bearer, send } from '../support/http'
import { startTestCore, type TestCore } from '../support/testCore'

let running: TestCore | undefined
afterEach(() => running?.dispose())

async function startWithSamples(config: Parameters<typeof startTestCore>[0] = {}): Promise<TestCore> {
  running = await startTestCore({ sampleIntervalMs: 50, ...config })
  await expect.poll(() => running!.core.metrics.history.size).toBeGreaterThanOrEqual(3)
  return running
}

function post(core: TestCore['core'], path: string, body: unknown, headers = bearer(core.token)) {
  return send(core.port, path, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
}

async function exportLink(core: TestCore['core']): Promise<DownloadTicket> {
  const created = await post(core, exportRoutes.exports, {
    kind: 'metrics',
    from: Date.now() - 3_600_000,
    to: Date.now(),
    series: ['cpu_total_pct'],
  })
  expect(created.status, created.text).toBe(200)
  const job = created.json<ExportJob>()
  const minted = await post(core, downloadRoutes.tickets, { path: `${exportRoutes.file}?id=${job.id}` })
  expect(minted.status, minted.text).toBe(200)
  return minted.json<DownloadTicket>()
}

describe('a download link', () => {
  it('works once without the token, then is refused', async () => {
    const { core } = await startWithSamples()
    const link = await exportLink(core)
    expect(link.url).not.toContain(core.token)
    const first = await send(core.port, link.url)
    expect(first.status, first.text).toBe(200)
    expect(first.headers['content-disposition']).toMatch(/^attachment; filename="vigil-metrics-/)
    expect(first.text.split('\r\n')[0]).toBe('time_utc,time_epoch_ms,cpu_total_pct')
    const again = await send(core.port, link.url)
    expect(again.status).toBe(401)
    expect(again.json()).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/used already/) })
  })

  it('is refused once its lifetime has passed, never having been used', async () => {
    const { core } = await startWithSamples({ serverLimits: { downloadLinkLifetimeMs: 300 } })
    const link = await exportLink(core)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, link.expiresAt - Date.now()) + 100))
    expect((await send(core.port, link.url)).status).toBe(401)
  })

  it('is made only with the token, only for a download route, and followed only with GET', async () => {
    running = await startTestCore()
    const { core } = running
    const path = `${exportRoutes.file}?id=x`
    expect((await post(core, downloadRoutes.tickets, { path }, {})).status).toBe(401)
    for (const other of [routes.settings, routes.info, `${routes.coreStream}?x=1`]) {
      const refused = await post(core, downloadRoutes.tickets, { path: other })
      expect(refused.status, other).toBe(400)
      expect(refused.json<{ message: string }>().message).toMatch(/is not a download route/)
    }
    expect((await post(core, downloadRoutes.tickets, { path: 'http://evil.test/api/exports/file' })).status).toBe(400)
    const link = (await post(core, downloadRoutes.tickets, { path })).json<DownloadTicket>()
    expect((await send(core.port, link.url, { method: 'POST' })).status).toBe(405)
    expect((await send(core.port, `${downloadRoutes.fetch}?ticket=guessed`)).status).toBe(401)
  })
})
