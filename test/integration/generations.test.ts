// Generations in the core, against the stand-in provider over real HTTP, with a real conversation store
// whose writes a test can hold back: what a generation's end waits for, and what readers see meanwhile.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { newGenerationId, type Conversation } from '../../src/shared/chat'
import { createConversationStore, type ConversationStore } from '../../src/main/chat/conversationStore'
import { createGenerations, type GenerationEvent, type Generations } from '../../src/main/chat/generations'
import { createModelCatalog } from '../../src/main/chat/modelCatalog'
import { createProviders } from '../../src/main/chat/providers'
import { createLogger } from '../../src/main/logger'
import { createFileSecretStore } from '../../src/main/settings/secretStore'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { makeDataDir } from '../support/testCore'

const logger = createLogger(() => undefined)
let provider: FakeProvider
let dataDir: string
let generations: Generations | undefined

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterAll(() => provider.close())
beforeEach(async () => {
  dataDir = await makeDataDir()
})
afterEach(async () => {
  generations?.dispose()
  await rm(dataDir, { recursive: true, force: true })
})

/** A real store whose `nth` save (1-based; the user's message is the first, the answer the second) is answered by `answer`. */
async function storeChangingSave(
  nth: number,
  answer: (written: Promise<Conversation>) => Promise<Conversation>,
): Promise<ConversationStore> {
  const store = await createConversationStore(dataDir, logger)
  let saves = 0
  return {
    ...store,
    save(conversation) {
      saves += 1
      return saves === nth ? answer(store.save(conversation)) : store.save(conversation)
    },
  }
}

/** A real store whose `nth` save is written at once but reported only on release(). */
async function storeHoldingSave(nth: number) {
  let release = (): void => undefined
  const released = new Promise<void>((resolve) => (release = resolve))
  return { store: await storeChangingSave(nth, (written) => released.then(() => written)), release }
}

async function conversationWithProvider(store: ConversationStore): Promise<Conversation> {
  const providers = await createProviders({ dataDir, secrets: createFileSecretStore(dataDir), logger, env: {} })
  const view = await providers.create({
    name: 'Stand-in',
    preset: 'custom',
    baseUrl: provider.baseUrl,
    defaultModel: 'test-model',
  })
  generations = createGenerations({ store, providers, catalog: createModelCatalog(providers), logger })
  return store.create({
    title: 'Disk trouble',
    providerId: view.id,
    model: 'test-model',
    systemPrompt: '',
    temperature: undefined,
  })
}

function eventsOf(generationId: string): GenerationEvent[] {
  const events: GenerationEvent[] = []
  generations!.follow(generationId, 0, (event) => events.push(event))
  return events
}

describe('the end of a generation', () => {
  it.each([
    ['the user’s message', 1],
    ['the answer', 2],
  ])('goes out while %s is still being written, and readers already see the answer', async (_name, heldSave) => {
    const { store, release } = await storeHoldingSave(heldSave)
    const conversation = await conversationWithProvider(store)
    provider.next({ kind: 'answer', tokens: ['Logs', ' in', ' /var'] })
    const generationId = newGenerationId()
    await generations!.start(conversation.id, generationId, { action: 'send', content: 'Why?', attachments: [] })
    const events = eventsOf(generationId)
    await expect.poll(() => events.at(-1)?.kind, { timeout: 5000 }).toBe('end')
    expect(store.get(conversation.id).messages.at(-1)).toMatchObject({
      role: 'assistant',
      content: 'Logs in /var',
      answer: { state: 'done' },
    })
    release()
    const path = join(dataDir, 'conversations', `${conversation.id}.json`)
    await expect
      .poll(async () => (JSON.parse(await readFile(path, 'utf8')) as Conversation).messages.at(-1)?.content, {
        timeout: 5000,
      })
      .toBe('Logs in /var')
  })

  it('says the conversation was not saved when the user’s message could not be, and stops the answer', async () => {
    const store = await storeChangingSave(1, () => Promise.reject(new Error('ENOSPC: no space left on device')))
    const conversation = await conversationWithProvider(store)
    provider.next({ kind: 'answer', tokens: Array.from({ length: 200 }, (_, index) => ` n${index}`), tokenDelayMs: 20 })
    const generationId = newGenerationId()
    await generations!.start(conversation.id, generationId, { action: 'send', content: 'Why?', attachments: [] })
    const events = eventsOf(generationId)
    await expect.poll(() => events.at(-1)?.kind, { timeout: 5000 }).toBe('end')
    expect(events.at(-1)).toMatchObject({
      kind: 'end',
      answer: { state: 'failed', failure: { code: 'not-saved', message: expect.stringMatching(/ENOSPC/) } },
    })
    expect(events.length).toBeLessThan(50)
  })
})
