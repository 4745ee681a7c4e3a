// Settings → Recorder in real Chromium against a real core holding five-day-old history: it shows the disk
// used and the range held, a shorter retention deletes the old seconds, and "Clear history" deletes
// everything only after the user confirms.
import { afterAll, describe, expect, it } from 'vitest'
import { recorderRoutes, type RecorderEvents, type SeriesRange } from '../../src/shared/recorder'
import { collectPageErrors, useUiSuite } from '../support/browser'
import { bearer, send } from '../support/http'
import { seedRecorderHistory } from '../support/recorderValues'
import { makeDataDir } from '../support/testCore'

const dayMs = 86_400_000
const suite = useUiSuite()
let closePage: (() => Promise<void>) | undefined
afterAll(async () => closePage?.())

describe('Settings → Recorder', () => {
  it('shows the disk used, shortens the retention, and clears the history after confirming', async () => {
    const dataDir = await makeDataDir()
    const oldT = Math.floor((Date.now() - 5 * dayMs) / 1000) * 1000
    seedRecorderHistory(dataDir, oldT, 60)
    const running = await suite.startCore({ dataDir, sampleIntervalMs: 200, recorderFlushIntervalMs: 200 })
    const { port, token } = running.core
    const get = async <T>(path: string) => (await send(port, path, { headers: bearer(token) })).json<T>()
    const oldSeconds = () =>
      get<SeriesRange>(`${recorderRoutes.series}?from=${oldT}&to=${oldT + 59_000}&keys=cpu_total_pct&stepSeconds=1`)
    // A page of its own context: closing it closes the context.
    const page = await suite.browser().newPage()
    closePage = () => page.close()
    const errors = collectPageErrors(page)
    await page.goto(running.core.launchUrl)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click()

    const section = page.locator('.recorder-settings')
    const disk = page.getByTestId('recorder-disk')
    await expect.poll(() => disk.textContent()).toMatch(/Disk used: [\d.]+ (KiB|MiB)\./)
    expect(await disk.textContent()).toContain(`History held from ${new Date(oldT).toLocaleString()}`)
    expect((await oldSeconds()).t).toHaveLength(60)

    const retention = page.getByLabel(/Keep every second for/)
    expect(await retention.inputValue()).toBe('7')
    await retention.fill('31')
    expect(await page.getByRole('button', { name: 'Save retention' }).isDisabled()).toBe(true)
    await retention.fill('2')
    expect(await section.textContent()).toContain('Saving deletes the seconds older than 2 days at once.')
    await page.getByRole('button', { name: 'Save retention' }).click()
    await expect.poll(async () => (await oldSeconds()).t).toEqual([])
    await expect.poll(() => disk.textContent()).not.toContain(new Date(oldT).toLocaleString())
    expect(await retention.inputValue()).toBe('2')

    // Asking, then cancelling, deletes nothing; confirming deletes it all and leaves the mark.
    await page.getByRole('button', { name: 'Clear history…' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Clear the recorded history' })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => dialog.count()).toBe(0)
    const events = () => get<RecorderEvents>(`${recorderRoutes.events}?from=${oldT}&to=${Date.now() + 1000}`)
    expect((await events()).marks.map((mark) => mark.kind)).not.toContain('cleared')

    await page.getByRole('button', { name: 'Clear history…' }).click()
    await dialog.getByRole('button', { name: 'Delete all history' }).click()
    await expect.poll(() => dialog.count()).toBe(0)
    await expect.poll(async () => (await events()).marks.map((mark) => mark.kind)).toContain('cleared')
    expect((await events()).marks.filter((mark) => mark.kind !== 'cleared' && mark.t < oldT + 2 * dayMs)).toEqual([])
    await section.screenshot({ path: '/tmp/vigil-recorder-settings.png' })
    expect(errors, errors.join('\n')).toEqual([])
  })
})
