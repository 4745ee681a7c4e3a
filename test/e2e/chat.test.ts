// Chat and Settings → Providers in real Chromium, against a real core and the stand-in OpenAI-compatible
// provider. Longer than most files: the behaviours share one set-up and helpers, and read best side by side.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chatRoutes, maskKey, type Conversation, type ProviderView } from '../../src/shared/chat'
import { launchChromium } from '../support/browser'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { builtUiDir, startTestCore, type TestCore } from '../support/testCore'

const chatTimeouts = {
  firstTokenTimeoutMs: 3000,
  stallTimeoutMs: 1500,
  orphanTimeoutMs: 5000,
  retryPolicy: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 60_000 },
}
const key = 'sk-e2e-0123456789abcdefSECRET'
let browser: Browser
let provider: FakeProvider
let running: TestCore
let pageErrors: string[]

beforeAll(async () => {
  if (!existsSync(join(builtUiDir, 'index.html')))
    throw new Error('The UI is not built: run `electron-vite build` first (npm test does)')
  browser = await launchChromium()
})
afterAll(() => browser?.close())
// A fresh provider per test: a scenario one test queued and did not use never reaches the next.
beforeEach(async () => {
  provider = await startFakeProvider()
  running = await startTestCore({ staticDir: builtUiDir, chatTimeouts })
})
afterEach(async () => {
  await running.dispose()
  await provider.close()
})

async function openApp(theme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, colorScheme: theme })
  // An action that cannot happen fails within seconds and names its step, instead of timing the test out.
  context.setDefaultTimeout(5000)
  const page = await context.newPage()
  pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('dialog', (dialog) => {
    pageErrors.push(`a dialog opened: ${dialog.message()}`)
    void dialog.dismiss()
  })
  await page.goto(running.core.launchUrl)
  await expect.poll(() => textOf(page.getByTestId('connection-state')), { timeout: 8000 }).toBe('Live')
  return page
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${running.core.origin}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${running.core.token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return (await response.json()) as T
}

/** A provider for the stand-in and a conversation using it, made through the API; then the Chat view on it. */
async function openChat(theme: 'light' | 'dark' = 'light'): Promise<Page> {
  const view = await call<ProviderView>('POST', chatRoutes.providers, {
    name: 'Stand-in',
    preset: 'custom',
    baseUrl: provider.baseUrl,
    defaultModel: 'test-model',
  })
  await call<Conversation>('POST', chatRoutes.conversations, { title: 'Disk trouble', providerId: view.id })
  const page = await openApp(theme)
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Chat' }).click()
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: /Disk trouble/ })
    .click()
  await expect.poll(() => textOf(page.locator('.conversation-heading')), { timeout: 8000 }).toBe('Disk trouble')
  return page
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text)
  await page.getByRole('textbox', { name: 'Message' }).press('Enter')
}

/** The text of an element, or '' while there is none: a poll then says what it saw instead of waiting for ever. */
const textOf = (locator: Locator) =>
  locator.textContent({ timeout: 300 }).then(
    (text) => text ?? '',
    () => '',
  )
const liveText = (page: Page) => textOf(page.getByTestId('message-live').locator('.markdown'))
const lastAnswer = (page: Page) => page.getByTestId('message-assistant').last()
const words = (count: number) => Array.from({ length: count }, (_, index) => `w${index} `)

describe('Settings → Providers', () => {
  it('adds a provider with a key after consent, shows it only masked, and lists its models', async () => {
    const page = await openApp()
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('button', { name: 'Add provider' }).click()
    const form = page.getByRole('form', { name: 'Add a provider' })
    await form.getByLabel('Preset').selectOption('custom')
    await form.getByLabel('Name').fill('Stand-in')
    await form.getByLabel('Base URL').fill(provider.baseUrl)
    await form.getByLabel('Default model').fill('test-model')
    await form.getByLabel(/API key/).fill(key)
    await form.getByRole('button', { name: 'Add provider' }).click()
    const consent = page.getByRole('alertdialog', { name: 'Store the key?' })
    expect(await consent.textContent()).toMatch(/only you can read \(not encrypted\)/)
    await consent.getByRole('button', { name: 'Store the key this way' }).click()
    const card = page.getByTestId('provider-card')
    await expect.poll(() => textOf(card.getByTestId('masked-key')), { timeout: 8000 }).toBe(maskKey(key))
    expect(await card.textContent()).toContain(`for ${provider.baseUrl}`)
    expect(await page.content()).not.toContain(key)

    provider.expectedKey = key
    await card.getByRole('button', { name: 'Test connection' }).click()
    await expect
      .poll(() => card.getByTestId('connection-models').locator('li').allTextContents(), { timeout: 8000 })
      .toEqual(['test-model', 'test-model-large'])
    provider.expectedKey = 'another-key'
    await card.getByRole('button', { name: 'Test connection' }).click()
    await expect
      .poll(() => textOf(card.getByTestId('connection-failure')), { timeout: 8000 })
      .toMatch(/^The key was refused: .*refused the key \(401\)/)
    await page.screenshot({ path: '/tmp/vigil-providers-light.png' })
    expect(pageErrors).toEqual([])
    await page.context().close()
  })
})

describe('first use', () => {
  it('answers the first message of a provider added with no default model, with the endpoint’s only model', async () => {
    provider.models = ['only-model']
    await call<ProviderView>('POST', chatRoutes.providers, {
      name: 'Local',
      preset: 'custom',
      baseUrl: provider.baseUrl,
      defaultModel: '',
    })
    const page = await openApp()
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Chat' }).click()
    provider.next({ kind: 'answer', tokens: ['Ready', '.'] })
    await send(page, 'Hello?')
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 8000 }).toBe('Ready.')
    expect(
      provider.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body),
    ).toContainEqual(expect.objectContaining({ model: 'only-model', stream: true }))
    expect(await page.getByRole('combobox', { name: 'Model' }).locator('option').first().textContent()).toBe(
      'Only model: only-model',
    )
    // Titled by the model after its first answer, in the header and the list.
    await expect
      .poll(() => textOf(page.locator('.conversation-heading')), { timeout: 10_000 })
      .toBe('Disk Space Trouble')
    await expect
      .poll(
        () =>
          page
            .getByRole('navigation', { name: 'Conversations' })
            .getByRole('button', { name: /Disk Space Trouble/ })
            .count(),
        { timeout: 8000 },
      )
      .toBe(1)
    expect(pageErrors).toEqual([])
    await page.context().close()
  })

  it('picks a model in the chat header from the endpoint’s list, and a new conversation keeps it', async () => {
    const page = await openChat()
    const picker = page.getByRole('combobox', { name: 'Model' })
    await expect
      .poll(() => picker.locator('option').allTextContents(), { timeout: 8000 })
      .toEqual(['Default: test-model', 'test-model', 'test-model-large'])
    await picker.selectOption('test-model-large')
    await expect.poll(() => picker.inputValue(), { timeout: 8000 }).toBe('test-model-large')
    provider.next({ kind: 'answer', tokens: ['Big', ' answer'] })
    await send(page, 'Which model?')
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 8000 }).toBe('Big answer')
    expect(provider.requests.at(-1)!.body).toMatchObject({ model: 'test-model-large' })
    // The list is the core's: a model loaded since shows after a refresh.
    provider.models = ['test-model', 'test-model-large', 'fresh-model']
    await page.getByRole('button', { name: 'Refresh the model list' }).click()
    await expect.poll(() => picker.locator('option').allTextContents(), { timeout: 8000 }).toContain('fresh-model')
    await page.getByRole('button', { name: 'New conversation' }).click()
    await expect.poll(() => textOf(page.locator('.conversation-heading')), { timeout: 8000 }).toBe('New conversation')
    await expect.poll(() => picker.inputValue(), { timeout: 8000 }).toBe('test-model-large')
    expect(pageErrors).toEqual([])
    await page.context().close()
  })
})

describe('the Chat view', () => {
  it('streams an answer token by token with its figures, stops one midway keeping the text, and regenerates', async () => {
    const page = await openChat()
    const chatRequests: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.pathname === chatRoutes.generate || url.pathname === chatRoutes.stream)
        chatRequests.push(`${request.method()} ${url.pathname}`)
    })
    provider.next({ kind: 'answer', tokens: words(30), tokenDelayMs: 40 })
    await send(page, 'Why is the disk full?')
    const seen = new Set<string>()
    await expect.poll(async () => seen.add(await liveText(page)).size, { timeout: 10_000 }).toBeGreaterThan(4)
    await expect
      .poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 10_000 })
      .toBe(words(30).join('').trim())
    // The stand-in runs on this machine: when the meter read it during the answer, its peaks come last.
    expect(await lastAnswer(page).getByTestId('answer-stats').textContent()).toMatch(
      /^test-model · first token \d+ ms · [\d.]+ tokens\/s · 42 tokens \(12 in, 30 out\)( · .+ \(pid \d+\) peaked at CPU \d+ %, .+)?$/,
    )

    provider.next({ kind: 'answer', tokens: words(60), tokenDelayMs: 80 })
    await send(page, 'And the logs?')
    await expect.poll(() => liveText(page), { timeout: 10_000 }).toMatch(/w4/)
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect
      .poll(() => textOf(lastAnswer(page).getByTestId('answer-ending')), { timeout: 8000 })
      .toMatch(/^Stopped\./)
    const partial = (await lastAnswer(page).locator('.markdown').textContent()) ?? ''
    expect(partial).toMatch(/^w0 w1 w2 w3 w4/)
    expect(partial.length).toBeLessThan(words(60).join('').length - 10)

    provider.next({ kind: 'answer', tokens: ['Fresh', ' answer'] })
    await lastAnswer(page).getByRole('button', { name: 'Regenerate' }).click()
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 8000 }).toBe('Fresh answer')
    expect(await page.getByTestId('message-assistant').count()).toBe(2)
    // Each answer streamed on its generate request: no second request to open its stream.
    expect(chatRequests).toEqual([
      `POST ${chatRoutes.generate}`,
      `POST ${chatRoutes.generate}`,
      `POST ${chatRoutes.generate}`,
    ])
    expect(pageErrors).toEqual([])
    await page.context().close()
  })

  it('shows a thinking model’s reasoning in a block that folds away, and says when the model is loading', async () => {
    const page = await openChat()
    const view = (await call<ProviderView[]>('GET', chatRoutes.providers))[0]!
    await call('PUT', `${chatRoutes.providers}?id=${view.id}`, {
      name: view.name,
      preset: view.preset,
      baseUrl: view.baseUrl,
      defaultModel: view.defaultModel,
      firstTokenTimeoutSeconds: 60,
    })
    provider.next({
      kind: 'answer',
      loadDelayMs: 4000,
      reasoning: words(10),
      tokens: ['Done', ' thinking.'],
      tokenDelayMs: 100,
    })
    await send(page, 'Think first')
    await expect
      .poll(() => textOf(page.getByTestId('first-token-wait')), { timeout: 8000 })
      .toMatch(/^Waiting for the model to load/)
    await expect.poll(() => textOf(page.getByTestId('live-reasoning')), { timeout: 10_000 }).toMatch(/^Thinking…w0 w1/)
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 10_000 }).toBe('Done thinking.')
    const reasoning = lastAnswer(page).getByTestId('reasoning')
    expect(await reasoning.evaluate((element) => (element as unknown as { open: boolean }).open)).toBe(false)
    await reasoning.locator('summary').click()
    expect(await reasoning.locator('.reasoning-text').textContent()).toBe(words(10).join(''))
    expect(pageErrors).toEqual([])
    await page.context().close()
  })

  it('re-attaches after a reload during a generation and shows every token once', async () => {
    const page = await openChat()
    provider.next({ kind: 'answer', tokens: words(40), tokenDelayMs: 70 })
    await send(page, 'count')
    await expect.poll(() => liveText(page), { timeout: 10_000 }).toMatch(/w5/)
    await page.reload()
    await expect.poll(() => textOf(page.getByTestId('connection-state')), { timeout: 8000 }).toBe('Live')
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Chat' }).click()
    await expect.poll(() => page.getByTestId('message-live').count(), { timeout: 8000 }).toBe(1)
    await expect
      .poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 10_000 })
      .toBe(words(40).join('').trim())
    expect(await lastAnswer(page).getByTestId('answer-ending').count()).toBe(0)
    await page.context().close()
  })

  it('edits a past message and resends it, keeps the versions edits and regenerations replaced, and deletes a message', async () => {
    const page = await openChat()
    await send(page, 'first question')
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 8000 }).toBe('Hello, world!')
    provider.next({ kind: 'answer', tokens: ['Edited', ' reply'] })
    await page.getByTestId('message-user').getByRole('button', { name: 'Edit' }).click()
    await page.getByRole('textbox', { name: 'Edit your message' }).fill('better question')
    await page.getByRole('button', { name: 'Save and resend' }).click()
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 8000 }).toBe('Edited reply')
    expect(await page.getByTestId('message-user').locator('.user-text').allTextContents()).toEqual(['better question'])
    const sent = provider.requests.at(-1)!.body as { messages: { role: string; content: string }[] }
    expect(sent.messages.at(-1)).toEqual({ role: 'user', content: 'better question' })

    // The question before the edit, and its answer, are kept as version 1 of 2.
    const question = page.getByTestId('message-user')
    expect(await question.getByTestId('message-version').textContent()).toBe('2 of 2')
    await question.getByRole('button', { name: 'Earlier version' }).click()
    await expect.poll(() => question.locator('.user-text').textContent()).toBe('first question')
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown'))).toBe('Hello, world!')
    expect(await question.getByTestId('message-version').textContent()).toBe('1 of 2')
    await question.getByRole('button', { name: 'Later version' }).click()
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown'))).toBe('Edited reply')

    // A regenerated answer keeps the one it replaced.
    provider.next({ kind: 'answer', tokens: ['Another', ' reply'] })
    await lastAnswer(page).getByRole('button', { name: 'Regenerate' }).click()
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 8000 }).toBe('Another reply')
    expect(await lastAnswer(page).getByTestId('message-version').textContent()).toBe('2 of 2')

    // Deleting asks first; the answer goes, the question stays.
    await lastAnswer(page).getByRole('button', { name: 'Delete' }).click()
    await lastAnswer(page)
      .getByRole('group', { name: 'Delete this message?' })
      .getByRole('button', { name: 'Delete it' })
      .click()
    await expect.poll(() => page.getByTestId('message-assistant').count()).toBe(0)
    expect(await question.locator('.user-text').textContent()).toBe('better question')
    await page.context().close()
  })

  it('shows the local engine’s process beside the answer while it streams, and its peaks after', async () => {
    const page = await openChat()
    // A long, slow answer (a minute), stopped once the meter showed: the stand-in runs in this test's process.
    provider.next({ kind: 'answer', tokens: Array.from({ length: 600 }, () => 'word '), tokenDelayMs: 100 })
    await send(page, 'How busy is the engine?')
    await expect
      .poll(() => textOf(page.getByTestId('engine-meter')), { timeout: 15_000 })
      .toMatch(new RegExp(`\\(pid ${process.pid}\\): CPU \\d+ %, \\d`))
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect
      .poll(() => textOf(lastAnswer(page).getByTestId('answer-stats')), { timeout: 8000 })
      .toMatch(new RegExp(`\\(pid ${process.pid}\\) peaked at CPU \\d+ %, \\d`))
    await page.context().close()
  })

  it('continues an answer cut at the length limit into the same message, and copies the whole of it', async () => {
    const page = await openChat()
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    provider.next({ kind: 'answer', tokens: ['Free', ' space:'], finishReason: 'length' })
    await send(page, 'How much space?')
    await expect
      .poll(() => textOf(lastAnswer(page).getByTestId('answer-ending')), { timeout: 8000 })
      .toMatch(/^Cut off at the length limit\./)
    provider.next({ kind: 'answer', tokens: [' 12', ' GB.'] })
    await lastAnswer(page).getByRole('button', { name: 'Continue' }).click()
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 8000 }).toBe('Free space: 12 GB.')
    expect(await lastAnswer(page).getByTestId('answer-ending').count()).toBe(0)
    expect(await page.getByTestId('message-assistant').count()).toBe(1)
    await lastAnswer(page).getByRole('button', { name: 'Copy message' }).click()
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 5000 })
      .toBe('Free space: 12 GB.')
    expect(pageErrors).toEqual([])
    await page.context().close()
  })

  it('keeps the end of a long answer in view, and brings the view back to the bottom with a button', async () => {
    const page = await openChat()
    const scroller = page.getByTestId('chat-messages')
    const distanceFromBottom = () =>
      scroller.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)
    provider.next({ kind: 'answer', tokens: Array.from({ length: 120 }, (_, index) => `Line ${index}\n\n`) })
    await send(page, 'A long answer, please')
    await expect
      .poll(() => textOf(lastAnswer(page).getByTestId('answer-stats')), { timeout: 10_000 })
      .toMatch(/test-model/)
    await expect.poll(distanceFromBottom, { timeout: 5000 }).toBeLessThan(5)
    expect(await page.getByRole('button', { name: /To the bottom/ }).count()).toBe(0)
    await scroller.evaluate((element) => element.scrollTo({ top: 0 }))
    await page.getByRole('button', { name: /To the bottom/ }).click()
    await expect.poll(distanceFromBottom, { timeout: 5000 }).toBeLessThan(5)
    await expect.poll(() => page.getByRole('button', { name: /To the bottom/ }).count(), { timeout: 5000 }).toBe(0)
    await page.context().close()
  })

  it('stops an answer with Escape, and edits with the keyboard: focused, Enter resends, Shift+Enter, Escape cancels', async () => {
    const page = await openChat()
    provider.next({ kind: 'answer', tokens: words(80), tokenDelayMs: 80 })
    await send(page, 'count slowly')
    await expect.poll(() => liveText(page), { timeout: 10_000 }).toMatch(/w3/)
    await page.keyboard.press('Escape')
    await expect
      .poll(() => textOf(lastAnswer(page).getByTestId('answer-ending')), { timeout: 8000 })
      .toMatch(/^Stopped\. You stopped this answer/)

    const requestsBefore = provider.requests.length
    await page.getByTestId('message-user').getByRole('button', { name: 'Edit' }).click()
    const editBox = page.getByRole('textbox', { name: 'Edit your message' })
    expect(await editBox.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true)
    await editBox.press('End')
    await editBox.press('Shift+Enter')
    await editBox.pressSequentially('and again')
    expect(await editBox.inputValue()).toBe('count slowly\nand again')
    await editBox.press('Escape')
    expect(await editBox.count()).toBe(0)
    expect(await page.getByTestId('message-user').locator('.user-text').textContent()).toBe('count slowly')
    expect(await lastAnswer(page).getByTestId('answer-ending').count()).toBe(1)
    expect(provider.requests.length).toBe(requestsBefore)

    provider.next({ kind: 'answer', tokens: ['Edited'] })
    await page.getByTestId('message-user').getByRole('button', { name: 'Edit' }).click()
    await editBox.fill('count fast')
    await editBox.press('Enter')
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 8000 }).toBe('Edited')
    expect((provider.requests.at(-1)!.body as { messages: { content: string }[] }).messages.at(-1)!.content).toBe(
      'count fast',
    )
    expect(pageErrors).toEqual([])
    await page.context().close()
  })

  it('shows each failure as its own state: a refused key; a rate limit counts down to its retry, and Stop cancels it', async () => {
    const page = await openChat()
    provider.next({ kind: 'http-error', status: 401 })
    await send(page, 'hello?')
    await expect
      .poll(() => textOf(lastAnswer(page).getByTestId('answer-ending')), { timeout: 8000 })
      .toMatch(/^The key was refused\. .*401/)
    expect(await lastAnswer(page).getByTestId('answer-ending').getAttribute('role')).toBe('alert')
    provider.next({ kind: 'http-error', status: 429, retryAfterSeconds: 30 })
    await lastAnswer(page).getByRole('button', { name: 'Regenerate' }).click()
    await expect
      .poll(() => textOf(page.getByTestId('first-token-wait')), { timeout: 8000 })
      .toMatch(/^Trying again in \d+ s \(attempt 2 of 2\): .*answered 429/)
    expect(await page.getByRole('button', { name: 'Send' }).count()).toBe(0)
    const requestsBefore = provider.requests.length
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect
      .poll(() => textOf(lastAnswer(page).getByTestId('answer-ending')), { timeout: 8000 })
      .toMatch(/^Stopped\. You stopped this answer/)
    expect(provider.requests.length).toBe(requestsBefore)
    await page.screenshot({ path: '/tmp/vigil-chat-failure.png' })
    await page.context().close()
  })

  for (const theme of ['light', 'dark'] as const) {
    it(`renders model output as text and highlighted code, never as HTML (${theme})`, async () => {
      const page = await openChat(theme)
      const answer = [
        'Look: <img src=x onerror=alert(1)> and a table:\n\n',
        '| disk | used |\n|---|---|\n| / | 91 % |\n\n',
        '```js\nconst total = sum(1, 2) // add\n```\n',
      ]
      provider.next({ kind: 'answer', tokens: answer })
      await send(page, 'Show me')
      await expect.poll(() => lastAnswer(page).locator('pre code').count(), { timeout: 8000 }).toBe(1)
      expect(await page.getByTestId('chat-messages').locator('img').count()).toBe(0)
      expect(await lastAnswer(page).locator('p').first().textContent()).toBe(
        'Look: <img src=x onerror=alert(1)> and a table:',
      )
      expect(await lastAnswer(page).locator('td').allTextContents()).toEqual(['/', '91 %'])
      expect(await lastAnswer(page).locator('pre code .hljs-keyword').first().textContent()).toBe('const')
      expect(await lastAnswer(page).getByRole('button', { name: 'Copy', exact: true }).count()).toBe(1)
      await page.screenshot({ path: `/tmp/vigil-chat-${theme}.png` })
      expect(pageErrors).toEqual([])
      await page.context().close()
    })
  }

  it('sends what the Metrics view attached, as the user edited it, and only what is left attached', async () => {
    const page = await openChat()
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Metrics' }).click()
    await page.getByRole('button', { name: 'Ask AI about this window' }).click()
    await expect.poll(() => page.getByTestId('chat-attachment').count(), { timeout: 8000 }).toBe(1)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Metrics' }).click()
    await page.getByRole('button', { name: 'Ask AI about this window' }).click()
    await expect.poll(() => page.getByTestId('chat-attachment').count(), { timeout: 8000 }).toBe(2)
    const [first, second] = [page.getByTestId('chat-attachment').first(), page.getByTestId('chat-attachment').last()]
    await second.getByRole('button', { name: /^Remove/ }).click()
    await first.getByRole('button', { name: 'Open' }).click()
    const text = first.getByRole('textbox')
    await text.fill(`${await text.inputValue()}\nEDITED BY THE USER`)
    await expect
      .poll(
        () =>
          page
            .getByRole('navigation', { name: 'Conversations' })
            .getByRole('button', { name: /Disk trouble/ })
            .count(),
        { timeout: 8000 },
      )
      .toBe(1)
    await send(page, 'What stands out?')
    await expect.poll(() => textOf(lastAnswer(page).locator('.markdown')), { timeout: 8000 }).toBe('Hello, world!')
    expect(await page.getByTestId('chat-attachment').count()).toBe(0)
    const sent = provider.requests.at(-1)!.body as { messages: { role: string; content: string }[] }
    const question = sent.messages.at(-1)!.content
    expect(question.match(/Attached: Metrics/g)).toHaveLength(1)
    expect(question).toMatch(/EDITED BY THE USER\n```\n\nWhat stands out\?$/)
    expect(await page.getByTestId('message-user').locator('summary').textContent()).toMatch(/^Attached: Metrics/)
    await page.context().close()
  })
})
