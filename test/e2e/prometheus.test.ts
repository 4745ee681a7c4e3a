// Settings → Prometheus in real Chromium against a real core: turning /metrics on shows the scrape token
// once and it works; renewing replaces it; a remote listen address is checked, warned about, and served.
import { afterAll, describe, expect, it } from 'vitest'
import { exporterRoutes } from '../../src/shared/exporter'
import { collectPageErrors, useUiSuite } from '../support/browser'
import { closedPort } from '../support/closedPort'
import { bearer, send } from '../support/http'

const suite = useUiSuite()
let closeContext: (() => Promise<void>) | undefined
afterAll(async () => closeContext?.())

describe('Settings → Prometheus', () => {
  it('turns /metrics on with a token shown once, renews it, and serves a remote listen address', async () => {
    const running = await suite.startCore()
    const { port } = running.core
    const context = await suite.browser().newContext()
    closeContext = () => context.close()
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    await page.goto(running.core.launchUrl)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click()

    // The box follows the core's answer, not the click: it is ticked once the save went through.
    const enable = page.getByLabel('Let Prometheus scrape this machine’s metrics at /metrics')
    await enable.click()
    await expect.poll(() => enable.isChecked()).toBe(true)
    const shown = page.getByRole('alertdialog', { name: 'Your scrape token' })
    const firstToken = (await shown.locator('code').textContent())!
    expect(firstToken).toMatch(/^[\w-]{43}$/)
    expect((await send(port, exporterRoutes.metrics, { headers: bearer(firstToken) })).status).toBe(200)

    await page.getByRole('button', { name: 'Renew token' }).click()
    await expect.poll(() => shown.locator('code').textContent()).not.toBe(firstToken)
    const secondToken = (await shown.locator('code').textContent())!
    expect((await send(port, exporterRoutes.metrics, { headers: bearer(firstToken) })).status).toBe(401)
    expect((await send(port, exporterRoutes.metrics, { headers: bearer(secondToken) })).status).toBe(200)
    await shown.getByRole('button', { name: 'I have copied it' }).click()
    await expect.poll(() => shown.count()).toBe(0)
    expect(await page.content()).not.toContain(secondToken)

    const address = page.getByLabel(/Also listen for other machines on/)
    await address.fill('my-desktop:9101')
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Give an IP address and a port/)
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true)
    const remotePort = await closedPort()
    await address.fill(`127.0.0.1:${remotePort}`)
    expect(await page.locator('.prometheus-settings').textContent()).toMatch(
      /Anyone on the network who has the scrape token/,
    )
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect
      .poll(() => page.locator('.prometheus-settings').textContent())
      .toContain(`Serving /metrics to other machines on 127.0.0.1:${remotePort}.`)
    await page.locator('.prometheus-settings').screenshot({ path: '/tmp/vigil-prometheus-settings.png' })
    expect((await send(remotePort, exporterRoutes.metrics, { headers: bearer(secondToken) })).status).toBe(200)
    expect(errors, errors.join('\n')).toEqual([])
  })
})
