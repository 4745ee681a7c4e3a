// Tools in chat in real Chromium, against a real core and the stand-in model, which calls a tool as OpenAI
// streams calls: with a test tool box (the files of a temporary folder) and with the core's own tools
// (describe_machine), the call waits with its result shown, the user allows it once, the answer uses it,
// the kept card expands to the whole result, and the conversation's Markdown export keeps the call.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { hostname, networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chatRoutes, type Conversation, type ProviderView } from '../../src/shared/chat'
import { routes, type Settings } from '../../src/shared/protocol'
import { collectPageErrors, downloadFrom, useUiSuite } from '../support/browser'
import { callCore } from '../support/http'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import type { TestCore } from '../support/testCore'
import { createTestToolBox } from '../support/toolBox'

const suite = useUiSuite()
let folder: string
let provider: FakeProvider

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterAll(() => provider.close())
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-tools-e2e-'))
  await writeFile(join(folder, 'app.log'), 'ERROR disk full\n'.repeat(8))
})
afterEach(() => rm(folder, { recursive: true, force: true }))

/** A route of the core, answered as JSON. */
const call = async <T>(running: TestCore, method: string, path: string, body?: unknown): Promise<T> =>
  (await callCore(running.core, method, path, body)).json<T>()

/** The conversation that uses provider `providerId`, as the core keeps it. */
async function conversationOf(running: TestCore, providerId: string): Promise<Conversation> {
  const { conversations } = await call<{ conversations: { id: string }[] }>(running, 'GET', chatRoutes.conversations)
  for (const { id } of conversations) {
    const { conversation } = await call<{ conversation: Conversation }>(
      running,
      'GET',
      `${chatRoutes.conversation}?id=${id}`,
    )
    if (conversation.providerId === providerId) return conversation
  }
  throw new Error(`no conversation uses ${providerId}`)
}

/** Whether the page scrolls sideways: a card wider than the window would. */
const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

/**
 * A conversation titled `title` on the stand-in, opened in a new page of the Chat view with `question` sent:
 * the provider's view, the page, its context and the errors it shows.
 */
async function askInChat(running: TestCore, title: string, question: string) {
  const view = await call<ProviderView>(running, 'POST', chatRoutes.providers, {
    name: 'Stand-in',
    preset: 'custom',
    baseUrl: provider.baseUrl,
    defaultModel: 'test-model',
  })
  await call<Conversation>(running, 'POST', chatRoutes.conversations, { title, providerId: view.id })
  const context = await suite.browser().newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
  context.setDefaultTimeout(8000)
  const page = await context.newPage()
  const errors = collectPageErrors(page)
  await page.goto(running.core.launchUrl)
  await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Chat' }).click()
  await page.locator('.conversation-row', { hasText: title }).click()
  await page.getByRole('textbox', { name: 'Message' }).fill(question)
  await page.getByRole('textbox', { name: 'Message' }).press('Enter')
  return { view, context, page, errors }
}

describe('a tool call in the Chat view', () => {
  it('waits with its result shown, is allowed once, feeds the answer, and is kept in the export', async () => {
    provider.script = (body) => {
      const last = body.messages?.at(-1)
      if (last?.role === 'tool') return { kind: 'answer', tokens: ['The folder holds ', String(last.content)] }
      return { kind: 'tool-calls', calls: [{ id: 'call_files', name: 'list_files', arguments: '{"pattern":"log"}' }] }
    }
    const running = await suite.startCore({ tools: createTestToolBox(folder) })
    const { view, context, page, errors } = await askInChat(running, 'Folder check', 'What is in the folder?')

    const card = page.getByRole('region', { name: 'Tool call list_files' })
    const allowOnce = card.getByRole('button', { name: 'Allow once: send the result of list_files' })
    await allowOnce.waitFor()
    expect(await card.getByTestId('tool-state').textContent()).toBe('waiting for you')
    expect(await card.locator('.tool-arguments').textContent()).toBe('{"pattern":"log"}')
    expect(await card.getByTestId('tool-result').textContent()).toBe('app.log: 128 bytes')
    await expect.poll(() => card.getByRole('button', { name: /^Deny/ }).isVisible()).toBe(true)
    await expect.poll(() => card.getByRole('button', { name: /^Allow for this conversation/ }).isVisible()).toBe(true)
    expect(await overflowsSideways(page)).toBe(false)
    await page.setViewportSize({ width: 800, height: 560 })
    expect(await overflowsSideways(page)).toBe(false)
    await page.screenshot({ path: join(tmpdir(), 'vigil-chat-tools-800.png') })

    await allowOnce.click()
    const answer = page.getByTestId('message-assistant').last()
    await expect
      .poll(() => answer.locator('.markdown').last().textContent(), { timeout: 10_000 })
      .toBe('The folder holds app.log: 128 bytes')
    const kept = answer.getByRole('region', { name: 'Tool call list_files' })
    expect(await kept.getByTestId('tool-state').textContent()).toBe('sent, allowed once')
    await kept.locator('.tool-result summary').click()
    await expect.poll(() => kept.getByTestId('tool-result').isVisible()).toBe(true)
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.screenshot({ path: join(tmpdir(), 'vigil-chat-tools-1280.png') })

    await page.locator('summary', { hasText: 'Export' }).click()
    const markdown = await downloadFrom(page, () => page.getByRole('menuitem', { name: 'Markdown' }).click())
    const text = await readFile(await markdown.path(), 'utf8')
    expect(text).toContain('**Tool call** `list_files`, sent (allowed once). Arguments:')
    expect(text).toContain('app.log: 128 bytes')
    expect(text).toContain('The folder holds app.log: 128 bytes')

    // The conversation's toggle turns its tools off; the setting is saved by the core.
    await page.locator('button[aria-expanded]', { hasText: 'Settings' }).click()
    const settings = page.getByRole('form', { name: 'Conversation settings' })
    const toggle = settings.getByRole('checkbox', { name: /Let the model use Vigil's read-only tools/ })
    expect(await toggle.isChecked()).toBe(true)
    await toggle.uncheck()
    await settings.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(async () => (await conversationOf(running, view.id)).tools, { timeout: 5000 }).toBe(false)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click()
    const withoutAsking = page.getByRole('checkbox', { name: /Send tool results to the model without asking/ })
    expect(await withoutAsking.isChecked()).toBe(false)
    await withoutAsking.check()
    await expect.poll(async () => (await call<Settings>(running, 'GET', routes.settings)).toolsWithoutAsking).toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })

  it("with the core's own tools: describe_machine is allowed once, its card shows this machine, and the export keeps it", async () => {
    provider.script = (body) => {
      const last = body.messages?.at(-1)
      if (last?.role === 'tool') return { kind: 'answer', tokens: ['This is ', String(last.content).split(':')[0]!] }
      return { kind: 'tool-calls', calls: [{ id: 'call_machine', name: 'describe_machine', arguments: '{}' }] }
    }
    const running = await suite.startCore()
    const { context, page, errors } = await askInChat(running, 'Which machine', 'What machine is this?')

    const host = `Host ${hostname()}: `
    const firstInterface = `- ${Object.keys(networkInterfaces())[0]}: `
    const card = page.getByRole('region', { name: 'Tool call describe_machine' })
    const allowOnce = card.getByRole('button', { name: 'Allow once: send the result of describe_machine' })
    await allowOnce.waitFor({ timeout: 15_000 })
    const shown = await card.getByTestId('tool-result').textContent()
    expect(shown).toContain(host)
    expect(shown).toContain(firstInterface)
    await allowOnce.click()

    const answer = page.getByTestId('message-assistant').last()
    await expect
      .poll(() => answer.locator('.markdown').last().textContent(), { timeout: 10_000 })
      .toBe(`This is Host ${hostname()}`)
    const kept = answer.getByRole('region', { name: 'Tool call describe_machine' })
    expect(await kept.getByTestId('tool-state').textContent()).toBe('sent, allowed once')
    expect(await kept.getByTestId('tool-result').isVisible()).toBe(false)
    await kept.locator('.tool-result summary').click()
    await expect.poll(() => kept.getByTestId('tool-result').isVisible()).toBe(true)
    expect(await kept.getByTestId('tool-result').textContent()).toBe(shown)

    await page.locator('summary', { hasText: 'Export' }).click()
    const markdown = await downloadFrom(page, () => page.getByRole('menuitem', { name: 'Markdown' }).click())
    const text = await readFile(await markdown.path(), 'utf8')
    expect(text).toContain('**Tool call** `describe_machine`, sent (allowed once). Arguments:')
    expect(text).toContain(host)
    expect(text).toContain(firstInterface)
    expect(errors).toEqual([])
    await context.close()
  })
})
