// A rule with a clear condition and a log rate, edited in the real UI at 800 px: it is saved as typed,
// fires once a real log file has error lines, and its episode opens to the processes and log lines of its start.
import { appendFile, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { AlertRule } from '../../src/shared/protocol'
import { collectPageErrors, useUiSuite } from '../support/browser'
import { addLogFile, quickRecording } from '../support/recordedLog'

const suite = useUiSuite()

describe('alert rules across signals', () => {
  it('are edited with a clear condition and a log rate, and an episode shows what went on at its start', async () => {
    const running = await suite.startCore(quickRecording)
    const { path, id, remove } = await addLogFile(running)
    try {
      const page = await (await suite.browser().newContext({ viewport: { width: 800, height: 560 } })).newPage()
      const errors = collectPageErrors(page)
      await page.goto(running.core.launchUrl)
      const panel = page.getByRole('region', { name: 'Alerts' })
      await expect
        .poll(() => panel.getByRole('combobox', { name: 'Series' }).locator('option').count())
        .toBeGreaterThan(10)
      await panel.getByRole('combobox', { name: 'Series' }).selectOption('cpu_total_pct')
      await panel.getByRole('textbox', { name: 'Threshold' }).fill('-1')
      await panel.getByRole('textbox', { name: 'Seconds' }).fill('0')
      await panel.getByRole('textbox', { name: 'Ends at' }).fill('-5')
      await panel.getByRole('textbox', { name: 'Ends after' }).fill('3')
      await panel.getByRole('checkbox', { name: 'With a log rate' }).check()
      await panel.getByRole('combobox', { name: 'Log level' }).selectOption('error')
      await expect.poll(() => panel.getByRole('combobox', { name: 'Log source' }).locator('option').count()).toBe(3)
      await panel.getByRole('combobox', { name: 'Log source' }).selectOption(id)
      await panel.getByRole('textbox', { name: 'Lines a minute' }).fill('0')
      // The whole editor fits the window's width.
      const box = (await panel.boundingBox())!
      expect(await panel.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true)
      expect(box.x + box.width).toBeLessThanOrEqual(800)
      await panel.getByRole('button', { name: 'Add rule' }).click()

      const rule = panel.locator('.alert-rules li').first()
      await expect
        .poll(() => rule.textContent())
        .toBe(
          'CPU total above -1.0 % and error lines in app.log above 0 a minute · ends at or below -5.0 % or error lines at or below 0 a minute for 3 sRemove',
        )
      // The rule's long description wraps inside the panel, its Remove button in view.
      expect(await panel.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true)
      const removeBox = (await panel.getByRole('button', { name: 'Remove' }).boundingBox())!
      expect(removeBox.x + removeBox.width).toBeLessThanOrEqual(box.x + box.width)
      const saved = JSON.parse(await readFile(`${running.dataDir}/alerts.json`, 'utf8')) as AlertRule[]
      expect(saved).toEqual([
        expect.objectContaining({
          threshold: -1,
          forSeconds: 0,
          clear: { threshold: -5, forSeconds: 3 },
          logRate: { source: id, sourceName: 'app.log', level: 'error', perMinute: 0 },
        }),
      ])

      // No error line yet: no episode. The first one starts it.
      const episodes = panel.getByTestId('episode')
      expect(await page.getByTestId('alert-banner').count()).toBe(0)
      await appendFile(path, `${new Date().toISOString()} ERROR the disk is on fire\n`)
      await expect
        .poll(() => page.getByTestId('alert-banner').textContent(), { timeout: 30_000 })
        .toMatch(/error lines a minute/)
      await expect.poll(() => episodes.count(), { timeout: 30_000 }).toBe(1)
      await episodes.first().locator('summary').click()
      await expect
        .poll(() => episodes.first().getByTestId('episode-lines').textContent())
        .toMatch(/app\.log.*ERROR the disk is on fire/)
      expect(await episodes.first().getByTestId('episode-processes').locator('tbody tr').count()).toBeGreaterThan(0)
      expect(errors).toEqual([])
    } finally {
      await remove()
    }
  })
})
