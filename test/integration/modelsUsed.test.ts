// The Models table over real HTTP: answers from two models of the stand-in provider (which runs in this
// process, on this machine, so the local inference meter reads this process), read back from the stored
// conversations, also by a core started again on the same data folder.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { chatRoutes, type Conversation, type ModelUsage } from '../../src/shared/chat'
import { addConversation, endOf, startGeneration } from '../support/chatSession'
import { startFakeProvider, type CompletionBody, type FakeProvider } from '../support/fakeProvider'
import { callCore, send } from '../support/http'
import { startTestCore, type TestCore } from '../support/testCore'

let provider: FakeProvider
let running: TestCore | undefined

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterAll(() => provider.close())
afterEach(async () => {
  await running?.dispose()
  running = undefined
})

const tokens = (count: number) => Array.from({ length: count }, (_, index) => ` word${index}`)

async function answer(core: TestCore['core'], conversation: Conversation): Promise<void> {
  const { stream } = await startGeneration(core, conversation.id, 'How is the disk?')
  try {
    expect((await endOf(stream, 30_000)).state).toBe('done')
  } finally {
    stream.close()
  }
}

const modelsUsed = async (core: TestCore['core']) =>
  (await callCore(core, 'GET', chatRoutes.modelsUsed)).json<{ models: ModelUsage[] }>().models

it('compares the models used, from every stored answer, with the local engine’s peaks where it was read', async () => {
  running = await startTestCore()
  const first = await addConversation(running.core, provider.baseUrl, 'Slow model')
  // Two seconds of answer: the meter reads the engine (this process) once a second.
  provider.next({ kind: 'answer', tokens: tokens(20), tokenDelayMs: 100 })
  await answer(running.core, first)
  const second = (
    await callCore(running.core, 'POST', chatRoutes.conversations, {
      title: 'Other model',
      providerId: first.providerId,
      model: 'other-model',
    })
  ).json<Conversation>()
  for (let index = 0; index < 2; index += 1) {
    provider.next({ kind: 'answer', tokens: tokens(5) })
    await answer(running.core, second)
  }
  const completions = provider.requests.filter((request) => request.path.endsWith('/chat/completions'))
  expect(completions.map((request) => (request.body as CompletionBody).model)).toEqual([
    'test-model',
    'other-model',
    'other-model',
  ])

  const rows = await modelsUsed(running.core)
  expect(rows.map((row) => [row.providerName, row.model, row.answers])).toEqual([
    ['Stand-in', 'other-model', 2],
    ['Stand-in', 'test-model', 1],
  ])
  for (const row of rows) {
    expect(row.providerId).toBe(first.providerId)
    expect(row.tokensPerSecondP50).toBeGreaterThan(0)
    expect(row.tokensPerSecondP90).toBeGreaterThanOrEqual(row.tokensPerSecondP50!)
    expect(row.timeToFirstTokenMsP50).toBeGreaterThanOrEqual(0)
  }
  if (process.platform === 'linux') {
    const slow = rows[1]!
    expect(slow.engineName).toEqual(expect.any(String))
    expect(slow.engineMemBytesPeak).toBeGreaterThan(0)
    expect(slow.engineCpuPctPeak).toBeGreaterThanOrEqual(0)
  }

  // Started again on the same folder, the core reads the same table from the conversation files.
  const { dataDir } = running
  await running.core.dispose()
  running = await startTestCore({ dataDir })
  expect(await modelsUsed(running.core)).toEqual(rows)
})

it('is an empty table before any answer, and asks for the core’s token', async () => {
  running = await startTestCore()
  expect(await modelsUsed(running.core)).toEqual([])
  expect((await send(running.core.port, chatRoutes.modelsUsed, { method: 'GET' })).status).toBe(401)
})
