// The Hosts view in real Chromium: a server added through the form lists what a real Prometheus scrapes —
// a node_exporter and a second Vigil core (its /metrics turned on through its own routes, scraped with its
// token) — and choosing either shows live charts drawn from PromQL range queries; a server that cannot be
// reached says so in its place.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closedPort } from '../support/closedPort'
import { collectPageErrors, countInkedPixels, useUiSuite } from '../support/browser'
import { bearer, send } from '../support/http'
import { startNodeExporter, startPrometheus, type RunningServer } from '../support/prometheus'
import type { TestCore } from '../support/testCore'
import { exporterRoutes, type ExporterChange } from '../../src/shared/exporter'

const suite = useUiSuite()
const token = 'e2e-prometheus-token-71b3'

let nodeExporter: RunningServer
let prometheus: RunningServer
/** The second Vigil core, the one Prometheus scrapes; its /metrics checks the Host header, hence 127.0.0.1. */
let vigilInstance = ''

/** Turns on a core's /metrics through its own route and returns the scrape token it shows once. */
async function enableExporter(running: TestCore): Promise<string> {
  const answer = await send(running.core.port, exporterRoutes.settings, {
    method: 'PUT',
    headers: { ...bearer(running.core.token), 'Content-Type': 'application/json' },
    body: JSON.stringify({ isEnabled: true, listenAddress: null }),
  })
  expect(answer.status).toBe(200)
  return answer.json<ExporterChange>().token!
}

beforeAll(async () => {
  const scraped = await suite.startCore()
  const scrapeToken = await enableExporter(scraped)
  vigilInstance = `127.0.0.1:${scraped.core.port}`
  nodeExporter = await startNodeExporter()
  prometheus = await startPrometheus([
    { jobName: 'node', targets: [`127.0.0.1:${nodeExporter.port}`] },
    { jobName: 'desk', targets: [vigilInstance], bearerToken: scrapeToken },
  ])
}, 90_000)

afterAll(async () => {
  await prometheus?.stop()
  await nodeExporter?.stop()
})

async function openHosts(running: TestCore): Promise<{ page: Page; errors: string[] }> {
  const context = await suite.browser().newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  // Expected refusals the browser logs as errors: the consent question (409), the unreachable server (502).
  const errors = collectPageErrors(page, (text) => /status of (409|502)/.test(text))
  await page.goto(running.core.launchUrl)
  await page.getByRole('button', { name: 'Hosts', exact: true }).click()
  return { page, errors }
}

function legendValue(page: Page, key: string): Promise<string | null> {
  return page.getByTestId(`legend-${key}`).textContent()
}

describe('the Hosts view', () => {
  it('lists a node_exporter and a Vigil core of a server added in the form, and charts each live', async () => {
    const running = await suite.startCore()
    const { page, errors } = await openHosts(running)

    await page.getByRole('button', { name: 'Add server' }).click()
    const form = page.getByRole('form', { name: 'Add a Prometheus server' })
    await form.getByLabel('Name', { exact: true }).fill('lab')
    await form.getByLabel('URL', { exact: true }).fill(prometheus.url)
    await form.getByLabel('Authentication', { exact: true }).selectOption('bearer')
    await form.getByLabel('Token', { exact: true }).fill(token)
    await form.getByRole('button', { name: 'Add server' }).click()
    // A browser-mode core keeps secrets in a file it cannot encrypt: it asks first.
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/not encrypted.*Confirm/)
    await form.getByRole('button', { name: 'Store them this way' }).click()

    // The Vigil job's name says nothing: its kind comes from the series the target has.
    for (const [instance, kind] of [
      [`127.0.0.1:${nodeExporter.port}`, 'node_exporter'],
      [vigilInstance, 'Vigil'],
    ]) {
      const target = page.getByTestId('host-target').filter({ hasText: instance })
      await expect.poll(() => target.getAttribute('data-health'), { timeout: 60_000 }).toBe('up')
      await expect.poll(() => target.textContent(), { timeout: 60_000 }).toContain(kind)
      await target.click()
      await expect.poll(() => page.locator('.host-name').textContent()).toBe(instance)

      for (const chart of ['host-cpu', 'host-memory', 'host-network'])
        await expect
          .poll(() => countInkedPixels(page.getByTestId(`chart-${chart}`).locator('canvas')), { timeout: 90_000 })
          .toBeGreaterThan(0)
      await expect.poll(() => legendValue(page, 'cpu'), { timeout: 90_000 }).toMatch(/^\d+(\.\d+)? ?%$/)
      await expect.poll(() => legendValue(page, 'memory.used'), { timeout: 90_000 }).toMatch(/iB$/)
      await expect.poll(() => legendValue(page, 'network.rx'), { timeout: 90_000 }).toMatch(/\/s$/)
      // Every chart has its series: disks and file systems too, from node_exporter and from Vigil alike.
      await expect.poll(() => page.getByTestId('missing-metrics').count(), { timeout: 90_000 }).toBe(0)
    }

    await page.getByRole('button', { name: '24 h' }).click()
    await expect.poll(() => page.locator('.host-step').textContent()).toBe('a point every 5 min')

    // An alert rule on the node_exporter host, made in the Metrics view's form: its reading shows, and it fires.
    const nodeInstance = `127.0.0.1:${nodeExporter.port}`
    await page.getByRole('button', { name: 'Metrics', exact: true }).click()
    const panel = page.getByRole('region', { name: 'Alerts' })
    const machine = panel.getByRole('combobox', { name: 'Machine' })
    await expect.poll(() => machine.locator('option').allTextContents()).toContain(`lab · ${nodeInstance}`)
    await machine.selectOption({ label: `lab · ${nodeInstance}` })
    expect(await panel.getByRole('combobox', { name: 'Series' }).locator('option').allTextContents()).toEqual([
      'CPU total (%)',
      'memory used (%)',
    ])
    await panel.getByRole('textbox', { name: 'Threshold' }).fill('0')
    await panel.getByRole('textbox', { name: 'Seconds' }).fill('0')
    await panel.getByRole('button', { name: 'Add rule' }).click()
    await expect
      .poll(() => panel.getByTestId('host-rule-state').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('ok')
    await expect
      .poll(() => page.getByTestId('alert-banner').textContent(), { timeout: 60_000 })
      .toContain(`CPU total above 0.0 % on ${nodeInstance}: now`)

    expect(await page.content()).not.toContain(token)
    expect(errors).toEqual([])
  }, 300_000)

  it('shows why a server cannot be read in place of its hosts, and removes it', async () => {
    const running = await suite.startCore()
    const added = await send(running.core.port, '/api/fleet/servers', {
      method: 'POST',
      headers: { ...bearer(running.core.token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'gone', url: `http://127.0.0.1:${await closedPort()}`, auth: { kind: 'none' } }),
    })
    expect(added.status).toBe(200)
    const { page } = await openHosts(running)
    const problem = page.getByTestId('targets-problem')
    await expect.poll(() => problem.getAttribute('data-problem')).toBe('unreachable')
    await expect.poll(() => problem.textContent()).toMatch(/Server unreachable.*cannot reach/)

    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByTestId('fleet-server').getByRole('button', { name: 'Remove' }).click()
    await expect.poll(() => page.getByTestId('fleet-server').count()).toBe(0)
    const listed = await send(running.core.port, '/api/fleet/servers', { headers: bearer(running.core.token) })
    expect(listed.json()).toEqual([])
  })
})
