// The Models table in real Chromium: two models of the stand-in provider answer (through the core's API),
// and the Chat view's Models table shows both with their figures, sorts by a column, and fits an 800 px
// window (its least useful columns dropped) as well as a 1280 px one.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatRoutes, type Conversation, type ProviderView } from '../../src/shared/chat'
import { collectPageErrors, useUiSuite } from '../support/browser'
import { endOf, startGeneration } from '../support/chatSession'
import { callCore } from '../support/http'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import type { TestCore } from '../support/testCore'

const suite = useUiSuite()
let provider: FakeProvider

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterAll(() => provider.close())

const tokens = (count: number) => Array.from({ length: count }, (_, index) => ` w${index}`)

/**
 * A conversation on model `model` of the provider, answered `answers` times through the core's API, each
 * answer's tokens `tokenDelayMs` apart.
 */
async function answerWith(
  running: TestCore,
  providerId: string,
  model: string,
  answers: number,
  tokenDelayMs = 0,
): Promise<void> {
  const conversation = (
    await callCore(running.core, 'POST', chatRoutes.conversations, { title: `On ${model}`, providerId, model })
  ).json<Conversation>()
  for (let index = 0; index < answers; index += 1) {
    provider.next({ kind: 'answer', tokens: tokens(8), tokenDelayMs })
    const { stream } = await startGeneration(running.core, conversation.id, 'How is the disk?')
    try {
      expect((await endOf(stream)).state).toBe('done')
    } finally {
      stream.close()
    }
  }
}

/** The table's rows as their cells' text, first column first. */
const rowsOf = (page: Page) =>
  page
    .locator('.models-table tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent?.trim() ?? '')),
    )

const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

describe('the Models table', () => {
  it('compares the models used, sorts by a column, and fits 800 and 1280 px windows', async () => {
    const running = await suite.startCore()
    const view = (
      await callCore(running.core, 'POST', chatRoutes.providers, {
        name: 'Stand-in',
        preset: 'custom',
        baseUrl: provider.baseUrl,
        defaultModel: 'test-model',
      })
    ).json<ProviderView>()
    // Two seconds of answer: the local inference meter reads the engine (the stand-in, this process) once a second.
    await answerWith(running, view.id, 'test-model', 1, 250)
    await answerWith(running, view.id, 'other-model', 2)

    const context = await suite.browser().newContext({ viewport: { width: 1280, height: 800 } })
    context.setDefaultTimeout(8000)
    try {
      const page = await context.newPage()
      const errors = collectPageErrors(page)
      await page.goto(running.core.launchUrl)
      await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Chat' }).click()
      await page.getByRole('button', { name: 'Models' }).click()
      const table = page.getByRole('region', { name: 'Models used on this machine' })
      await table.getByRole('table').waitFor()

      // The most recently used first; each with its answers, rates and time to first token.
      await expect
        .poll(() => rowsOf(page).then((rows) => rows.map((row) => row.slice(0, 2))))
        .toEqual([
          ['other-modelStand-in', '2'],
          ['test-modelStand-in', '1'],
        ])
      for (const row of await rowsOf(page)) {
        expect(row[2]).toMatch(/^[\d,.]+$/)
        expect(row[4]).toMatch(/^[\d,]+ ms$/)
      }
      const [, slow] = await rowsOf(page)
      expect(slow![5]).toMatch(/^[\d,]+ %$/)
      expect(slow![6]).toMatch(/^[\d.]+ [KMG]iB$/)

      // Sorted by a column: answers, the most first, then the fewest first.
      const answersHeader = table.getByRole('columnheader', { name: 'Answers' })
      await answersHeader.getByRole('button').click()
      expect(await answersHeader.getAttribute('aria-sort')).toBe('descending')
      expect((await rowsOf(page)).map((row) => row[1])).toEqual(['2', '1'])
      await answersHeader.getByRole('button').click()
      expect(await answersHeader.getAttribute('aria-sort')).toBe('ascending')
      expect((await rowsOf(page)).map((row) => row[1])).toEqual(['1', '2'])
      expect(await table.getByRole('columnheader', { name: 'Last used' }).isVisible()).toBe(true)
      expect(await overflowsSideways(page)).toBe(false)
      await page.screenshot({ path: join(tmpdir(), 'vigil-chat-models-1280.png') })

      // At 800 px the least useful columns give way; nothing scrolls the page sideways.
      await page.setViewportSize({ width: 800, height: 560 })
      await expect.poll(() => table.getByRole('columnheader', { name: 'Last used' }).isVisible()).toBe(false)
      expect(await table.getByRole('columnheader', { name: 'Tokens/s', exact: true }).isVisible()).toBe(true)
      expect(await overflowsSideways(page)).toBe(false)
      await page.screenshot({ path: join(tmpdir(), 'vigil-chat-models-800.png') })
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
