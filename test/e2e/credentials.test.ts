// No ambient credential (issue 15): after using Vigil in real Chromium (its streams, a reload, a CSV
// download), another local server visited in the same browser receives nothing of Vigil's: no cookie,
// no token in any header or address.
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { collectPageErrors, downloadFrom, useUiSuite } from '../support/browser'

const suite = useUiSuite()

interface SeenRequest {
  url: string
  rawHeaders: string[]
}

/** A plain local web server on another port of 127.0.0.1 that records everything it is sent. */
async function startOtherServer(): Promise<{ server: Server; origin: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = []
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', rawHeaders: request.rawHeaders })
    if (request.url === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html' })
      response.end('<!doctype html><title>another local server</title><img src="/pixel.png">')
      return
    }
    response.writeHead(204).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

describe('Vigil’s token', () => {
  let other: Server | undefined
  afterAll(() => new Promise((resolve) => (other ? other.close(resolve) : resolve(undefined))))

  it('reaches no other local server the browser visits after using Vigil', async () => {
    const running = await suite.startCore({ sampleIntervalMs: 250 })
    const { token, origin } = running.core
    const context = await suite.browser().newContext({ acceptDownloads: true })
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    await page.goto(running.core.launchUrl)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
    // Taken from the address at once, and no cookie made of it.
    expect(page.url()).toBe(`${origin}/`)
    expect(await context.cookies()).toEqual([])

    // A reload keeps working: the tab kept the token.
    await page.reload()
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
    expect(page.url()).toBe(`${origin}/`)

    // A download, through a single-use link the page asked for with the token.
    await expect.poll(() => running.core.metrics.history.size).toBeGreaterThanOrEqual(3)
    const download = await downloadFrom(page, () => page.getByRole('button', { name: 'Export CSV' }).click())
    expect(download.url()).toMatch(new RegExp(`^${origin}/api/download\\?ticket=`))
    expect(download.url()).not.toContain(token)
    expect((await readFile((await download.path())!, 'utf8')).split('\r\n')[0]).toMatch(/^time_utc,time_epoch_ms,/)
    // The link was used up by that download.
    expect((await fetch(download.url())).status).toBe(401)
    expect(errors, errors.join('\n')).toEqual([])

    const started = await startOtherServer()
    other = started.server
    // Leave Vigil by a navigation of its own page (as a link would), then ask the other server for more.
    await page.evaluate((address) => (location.href = address), `${started.origin}/`)
    await expect.poll(() => page.title()).toBe('another local server')
    await page.evaluate((address) => fetch(address, { credentials: 'include' }), `${started.origin}/fetched`)
    await expect
      .poll(() => started.seen.map((request) => request.url))
      .toEqual(expect.arrayContaining(['/', '/pixel.png', '/fetched']))

    for (const request of started.seen) {
      const names = request.rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase())
      expect(names, request.url).not.toContain('cookie')
      expect(names, request.url).not.toContain('authorization')
      expect(request.rawHeaders.join('\n'), request.url).not.toContain(token)
      expect(request.url).not.toContain(token)
    }
    await context.close()
  })

  it('is replaced by the one in a new launch’s address opened in the same tab', async () => {
    const first = await suite.startCore()
    const context = await suite.browser().newContext()
    const page = await context.newPage()
    await page.goto(first.core.launchUrl)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
    const { port, token } = first.core
    await first.core.dispose()
    // A new launch on the same port has a new token: its address differs from the open page's only after
    // the #, which reloads nothing by itself.
    const second = await suite.startCore({ port, dataDir: first.dataDir })
    expect(second.core.token).not.toBe(token)
    await page.goto(second.core.launchUrl)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
    expect(page.url()).toBe(`${second.core.origin}/`)
    await context.close()
  })
})
