// Sensitive log sources and storage failures in the real UI, in Chromium against a real core: a file only
// root may read is added only after the form's confirmation and carries a mark; its lines go to an AI
// endpoint off this machine only after the composer's confirmation; a full data folder shows in the status
// line and under the action that failed. Vigil runs as root here; the full folder is a tmpfs the test mounts.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chatRoutes, type Conversation, type ConversationSummary, type ProviderView } from '../../src/shared/chat'
import { launchChromium } from '../support/browser'
import { closedPort } from '../support/closedPort'
import { bearer, send } from '../support/http'
import { builtUiDir, startTestCore, type TestCore } from '../support/testCore'

let browser: Browser
let folder: string
let running: TestCore | undefined

const isRoot = process.getuid?.() === 0
/** An address of this machine that is not loopback: "off this machine" by its URL, yet never leaving it. */
const ownAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address

beforeAll(async () => {
  if (!existsSync(join(builtUiDir, 'index.html')))
    throw new Error('The UI is not built: run `electron-vite build` first (npm test does)')
  browser = await launchChromium()
  folder = await mkdtemp(join(tmpdir(), 'vigil-sensitive-e2e-'))
})
afterEach(async () => {
  await Promise.all(browser.contexts().map((context) => context.close()))
  await running?.core.dispose()
  running = undefined
})
afterAll(async () => {
  await browser?.close()
  await rm(folder, { recursive: true, force: true })
})

async function openLogsView(dataDir?: string): Promise<Page> {
  running = await startTestCore({ staticDir: builtUiDir, ...(dataDir ? { dataDir } : {}) })
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
  await page.goto(running.core.launchUrl)
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Logs' }).click()
  await expect.poll(() => page.getByTestId('log-state').textContent()).toBe('Live')
  return page
}

async function typePath(page: Page, path: string): Promise<void> {
  await page.getByLabel('Add a log file').fill(path)
  await page.getByRole('button', { name: 'Add', exact: true }).click()
}

describe.skipIf(!isRoot || ownAddress === undefined)('a sensitive log source', () => {
  it('is added after a confirmation naming the risk, marked, and its lines leave the machine only when confirmed again', async () => {
    const page = await openLogsView()
    const path = join(folder, 'auth.log')
    await writeFile(path, 'Accepted password for admin from 10.0.0.7\nsession opened for user admin\n')
    await chmod(path, 0o640)
    await typePath(page, path)
    const question = page.getByRole('alertdialog', { name: 'A sensitive file' })
    await expect.poll(() => question.textContent()).toMatch(/passwords or other secrets/)
    await question.getByRole('button', { name: 'Follow it, marked sensitive' }).click()
    const item = page.getByTestId('log-source').filter({ hasText: 'auth.log' })
    await expect.poll(() => item.locator('.log-sensitive').textContent()).toBe('sensitive')

    // An endpoint off this machine by its address (this machine's own, on a closed port: nothing leaves it).
    const core = running!.core
    const headers = { ...bearer(core.token), 'Content-Type': 'application/json' }
    const baseUrl = `http://${ownAddress}:${await closedPort()}/v1`
    const provider = (
      await send(core.port, chatRoutes.providers, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Elsewhere', preset: 'custom', baseUrl, defaultModel: 'm' }),
      })
    ).json<ProviderView>()
    expect(provider.baseUrl).toBe(baseUrl)

    await page.getByTitle('Show only auth.log').click()
    const rows = page.locator('[data-number]')
    await expect.poll(() => rows.count()).toBe(2)
    await rows.nth(0).click()
    await page.getByRole('button', { name: 'Ask AI about these lines' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Chat')
    await page.getByRole('textbox', { name: 'Message' }).fill('Who logged in?')
    await page.getByRole('button', { name: 'Send' }).click()
    const warning = page.getByRole('alertdialog', { name: 'Sensitive lines' })
    await expect
      .poll(() => warning.textContent())
      .toMatch(new RegExp(`auth\\.log .* ${ownAddress}.* not on this machine`))
    expect(await page.getByTestId('chat-attachment').count()).toBe(1)

    await warning.getByRole('button', { name: 'Send them anyway' }).click()
    await expect.poll(() => page.getByTestId('chat-attachment').count()).toBe(0)
    await expect.poll(() => page.getByRole('alertdialog', { name: 'Sensitive lines' }).count()).toBe(0)

    // Regenerating resends the attached lines: the core refuses until the user confirms again, and then
    // replaces the last answer with a new one (which fails in turn: nothing listens on that port).
    const lastAnswerId = async () => {
      const { conversations } = (await send(core.port, chatRoutes.conversations, { headers })).json<{
        conversations: ConversationSummary[]
      }>()
      const opened = await send(core.port, `${chatRoutes.conversation}?id=${conversations[0]!.id}`, { headers })
      return opened.json<{ conversation: Conversation }>().conversation.messages.at(-1)!.id
    }
    const regenerate = page.getByRole('button', { name: 'Regenerate' })
    await regenerate.click()
    await expect.poll(() => warning.textContent()).toMatch(new RegExp(`${ownAddress}.* not on this machine`))
    const firstAnswer = await lastAnswerId()
    await warning.getByRole('button', { name: 'Don’t send' }).click()
    await expect.poll(() => warning.count()).toBe(0)
    expect(await lastAnswerId()).toBe(firstAnswer)
    await regenerate.click()
    await warning.getByRole('button', { name: 'Send them anyway' }).click()
    await expect.poll(() => warning.count()).toBe(0)
    await expect.poll(lastAnswerId).not.toBe(firstAnswer)
  })
})

describe.skipIf(!isRoot)('a full data folder', () => {
  it('shows in the status line and under the action that failed', async () => {
    const dataDir = join(folder, 'data')
    await mkdir(dataDir)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dataDir])
    try {
      const page = await openLogsView(dataDir)
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(dataDir, 'filler')}`, 'bs=4k'], { stdio: 'ignore' })
      } catch {
        // dd ends with "No space left on device": the folder is full, as intended.
      }
      const path = join(folder, 'app.log')
      await writeFile(path, 'one line\n')
      await typePath(page, path)
      await expect.poll(() => page.locator('#log-add-problem').textContent()).toMatch(/could not save .* is full/)
      await expect.poll(() => page.getByTestId('storage-status').textContent()).toMatch(/^Disk full: .* is full/)

      await rm(join(dataDir, 'filler'))
      await page.getByRole('button', { name: 'Add', exact: true }).click()
      await expect.poll(() => page.getByTestId('storage-status').count()).toBe(0)
    } finally {
      await running?.core.dispose()
      running = undefined
      // The recorder's database (libsql) lets go of its files only once collected: a lazy unmount waits for it.
      execFileSync('umount', ['--lazy', dataDir])
    }
  })
})
