// Chat through a real core over real HTTP, against the stand-in OpenAI-compatible provider.
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  chatRoutes,
  newGenerationId,
  type AnswerMeta,
  type Conversation,
  type ProviderView,
  versionPosition,
} from '../../src/shared/chat'
import { bearer, callCore, type TestResponse } from '../support/http'
import { closedPort } from '../support/closedPort'
import { startFakeProvider, type FakeProvider, type Scenario, type SeenRequest } from '../support/fakeProvider'
import { connectSse, type ReceivedEvent } from '../support/sseClient'
import { startTestCore, type TestCore } from '../support/testCore'

const canaryKey = 'sk-canary-0123456789abcdefCANARY'
const chatTimeouts = { firstTokenTimeoutMs: 1500, stallTimeoutMs: 500, orphanTimeoutMs: 300 }
let provider: FakeProvider
let running: TestCore
/** Every answer the core gave in this test, searched for the canary key at the end. */
const transcripts: string[] = []

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterAll(() => provider.close())
beforeEach(async () => {
  provider.expectedKey = undefined
  running = await startTestCore({
    chatTimeouts: { ...chatTimeouts, retryPolicy: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } },
  })
})
afterEach(async () => {
  await running.dispose()
})

async function call(method: string, path: string, body?: unknown): Promise<TestResponse> {
  const answer = await callCore(running.core, method, path, body)
  transcripts.push(answer.text)
  return answer
}

async function providerWithKey(): Promise<ProviderView> {
  const created = (
    await call('POST', chatRoutes.providers, {
      name: 'Stand-in',
      preset: 'custom',
      baseUrl: provider.baseUrl,
      defaultModel: 'test-model',
    })
  ).json<ProviderView>()
  const refused = await call('PUT', `${chatRoutes.providerKey}?id=${created.id}`, { key: canaryKey })
  expect(refused.status).toBe(409)
  expect(refused.json<{ message: string }>().message).toMatch(/only you can read \(not encrypted\)\. Confirm/)
  return (
    await call('PUT', `${chatRoutes.providerKey}?id=${created.id}`, { key: canaryKey, acceptWeakStorage: true })
  ).json<ProviderView>()
}

/** A conversation without Vigil's tools (chatTools.test.ts has the conversations with them). */
async function newConversation(providerId: string): Promise<Conversation> {
  return (
    await call('POST', chatRoutes.conversations, {
      title: 'Disk trouble',
      providerId,
      model: 'test-model',
      tools: false,
    })
  ).json<Conversation>()
}

/** Starts a generation: the generate request's answer is its stream. */
async function startGeneration(
  conversationId: string,
  body: unknown = { action: 'send', content: 'Why is the disk full?' },
) {
  const generationId = newGenerationId()
  const stream = await connectSse(
    running.core.port,
    `${chatRoutes.generate}?conversation=${conversationId}&generation=${generationId}`,
    bearer(running.core.token),
    JSON.stringify(body),
  )
  return { generationId, stream }
}

/** Sends a message and follows the generation to its end; returns the text streamed and the answer. */
async function ask(conversationId: string, scenario: Scenario, body?: unknown) {
  provider.next(scenario)
  const { generationId, stream } = await startGeneration(conversationId, body)
  expect(stream.status).toBe(200)
  const end = await stream.waitForEvent((event) => event.event === 'end', 8000)
  stream.close()
  transcripts.push(stream.events.map((event) => event.rawData).join('\n'))
  return { generationId, text: tokensOf(stream.events), answer: end.data as AnswerMeta, events: stream.events }
}

const tokensOf = (events: ReceivedEvent[]) =>
  events
    .filter((event) => event.event === 'token')
    .map((event) => (event.data as { text: string }).text)
    .join('')

describe('providers and keys', () => {
  it('keep a key only after consent, show it masked, and bind it to its base URL', async () => {
    const view = await providerWithKey()
    expect(view.key).toEqual({ masked: 'sk-…NARY', source: 'stored', boundTo: provider.baseUrl })
    const listed = (await call('GET', chatRoutes.providers)).text
    expect(listed).not.toContain(canaryKey)
    const secretsFile = join(running.dataDir, 'secrets.json')
    expect((await stat(secretsFile)).mode & 0o777).toBe(0o600)
    expect(await readFile(join(running.dataDir, 'providers.json'), 'utf8')).not.toContain(canaryKey)

    const elsewhere = 'http://127.0.0.1:1/v1'
    const moved = await call('PUT', `${chatRoutes.providers}?id=${view.id}`, {
      name: 'Stand-in',
      preset: 'custom',
      baseUrl: elsewhere,
      defaultModel: 'test-model',
    })
    expect(moved.status).toBe(409)
    expect(moved.json<{ message: string }>().message).toMatch(
      /was given for http:\/\/127\.0\.0\.1:\d+\/v1\. Confirm that it may be sent to http:\/\/127\.0\.0\.1:1\/v1/,
    )
    const confirmed = await call('PUT', `${chatRoutes.providers}?id=${view.id}`, {
      name: 'Stand-in',
      preset: 'custom',
      baseUrl: elsewhere,
      defaultModel: 'test-model',
      confirmKeyMove: true,
    })
    expect(confirmed.json<ProviderView>().key?.boundTo).toBe(elsewhere)
  })

  it('test the connection: the models, or exactly why not', async () => {
    const view = await providerWithKey()
    const ok = await call('POST', `${chatRoutes.providerTest}?id=${view.id}`)
    expect(ok.json()).toEqual({ ok: true, models: ['test-model', 'test-model-large'] })
    provider.expectedKey = 'another-key'
    expect((await call('POST', `${chatRoutes.providerTest}?id=${view.id}`)).json()).toMatchObject({
      ok: false,
      failure: { code: 'unauthorized' },
    })
    provider.expectedKey = undefined
    const downUrl = `http://127.0.0.1:${await closedPort()}/v1`
    const down = (
      await call('POST', chatRoutes.providers, {
        name: 'Ollama',
        preset: 'ollama',
        baseUrl: downUrl,
        defaultModel: 'llama3',
      })
    ).json<ProviderView>()
    expect((await call('POST', `${chatRoutes.providerTest}?id=${down.id}`)).json()).toMatchObject({
      ok: false,
      failure: { code: 'unreachable', message: `Nothing answers at ${downUrl}: is Ollama running there?` },
    })
    const withoutV1 = (
      await call('POST', chatRoutes.providers, {
        name: 'No v1',
        preset: 'custom',
        baseUrl: provider.baseUrl.replace(/\/v1$/, ''),
        defaultModel: 'm',
      })
    ).json<ProviderView>()
    expect((await call('POST', `${chatRoutes.providerTest}?id=${withoutV1.id}`)).json()).toMatchObject({
      ok: false,
      failure: {
        code: 'http-error',
        message: expect.stringMatching(/models answered 404: check the base URL \(it usually ends in \/v1\)/),
      },
    })
  })

  it('replace a conversation’s settings on PUT: what is left out is cleared', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    const put = await call('PUT', `${chatRoutes.conversation}?id=${conversation.id}`, {
      title: 'Renamed',
      systemPrompt: 'Be brief.',
    })
    expect(put.json<Conversation>()).toMatchObject({ title: 'Renamed', systemPrompt: 'Be brief.' })
    expect(put.json<Conversation>().providerId).toBeUndefined()
    expect(put.json<Conversation>().model).toBeUndefined()
  })

  it('refuse invalid providers with the reason', async () => {
    for (const [body, message] of [
      [{ name: '', preset: 'custom', baseUrl: provider.baseUrl, defaultModel: 'm' }, /name must not be empty/],
      [
        { name: 'x', preset: 'custom', baseUrl: 'file:///etc/passwd', defaultModel: 'm' },
        /baseUrl must be an http or https URL/,
      ],
      [{ name: 'x', preset: 'skynet', baseUrl: provider.baseUrl, defaultModel: 'm' }, /preset/],
    ] as const) {
      const answer = await call('POST', chatRoutes.providers, body)
      expect(answer.status).toBe(400)
      expect(answer.json<{ message: string }>().message).toMatch(message)
    }
  })
})

describe('generations', () => {
  it('stream an answer token by token and keep it with its timings, usage and model', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    const { text, answer, events } = await ask(conversation.id, {
      kind: 'answer',
      tokens: ['Logs', ' in', ' /var', '.'],
      tokenDelayMs: 10,
    })
    expect(text).toBe('Logs in /var.')
    // The generate request's own answer streams it: first the conversation as saved, then the tokens, then the end.
    expect(events[0]).toMatchObject({ event: 'started', id: undefined })
    expect(
      (events[0]!.data as { conversation: Conversation }).conversation.messages.map((message) => [
        message.role,
        message.content,
      ]),
    ).toEqual([
      ['user', 'Why is the disk full?'],
      ['assistant', ''],
    ])
    expect(events[1]).toMatchObject({ event: 'status', data: { state: 'requesting' } })
    expect(events.slice(2, -1).every((event) => event.event === 'token')).toBe(true)
    expect(events.at(-1)!.event).toBe('end')
    expect(answer).toMatchObject({ state: 'done', model: 'test-model', usage: { completionTokens: 4 } })
    expect(answer.timeToFirstTokenMs).toBeGreaterThanOrEqual(0)
    expect(answer.tokensPerSecond).toBeGreaterThan(0)
    expect(provider.requests.at(-1)!.authorization).toBe(`Bearer ${canaryKey}`)
    const saved = (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).json<{
      conversation: Conversation
    }>().conversation
    expect(saved.messages.map((message) => [message.role, message.content])).toEqual([
      ['user', 'Why is the disk full?'],
      ['assistant', 'Logs in /var.'],
    ])
  })

  it('let a client that dropped re-attach and get every token, none twice', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    provider.next({ kind: 'answer', tokens: Array.from({ length: 40 }, (_, index) => ` w${index}`), tokenDelayMs: 15 })
    const { generationId, stream: first } = await startGeneration(conversation.id, { action: 'send', content: 'count' })
    await first.waitForEvent((event) => event.event === 'token' && (event.data as { index: number }).index >= 5)
    first.close()
    const lastId = first.events.filter((event) => event.event === 'token').at(-1)!.id!
    await new Promise((resolve) => setTimeout(resolve, 100))
    const second = await connectSse(running.core.port, `${chatRoutes.stream}?generation=${generationId}`, {
      ...bearer(running.core.token),
      'Last-Event-ID': lastId,
    })
    await second.waitForEvent((event) => event.event === 'end', 8000)
    second.close()
    const firstTokens = first.events.filter((event) => event.event === 'token' && Number(event.id) <= Number(lastId))
    expect(tokensOf(firstTokens) + tokensOf(second.events)).toBe(
      Array.from({ length: 40 }, (_, index) => ` w${index}`).join(''),
    )
    // The conversation says which generation is still running while it runs; none once it ended.
    expect(
      (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).json<{ activeGenerationId?: string }>()
        .activeGenerationId,
    ).toBeUndefined()
  })

  it('send the first token at once, and the tokens that come together after it as one event', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    const { generationId } = await ask(conversation.id, { kind: 'answer', tokens: ['Logs', ' in', ' /var', '.'] })
    // A re-attach after the end gets the whole answer at once: the first token, then the rest together.
    const replay = await connectSse(
      running.core.port,
      `${chatRoutes.stream}?generation=${generationId}`,
      bearer(running.core.token),
    )
    await replay.waitForEvent((event) => event.event === 'end')
    replay.close()
    expect(
      replay.events.map((event) => [
        event.event,
        event.id,
        event.event === 'token' ? (event.data as { text: string }).text : '',
      ]),
    ).toEqual([
      ['token', '0', 'Logs'],
      ['token', '3', ' in /var.'],
      ['end', undefined, ''],
    ])
  })

  it('refuse to start a generation under an id that is in use or is not an id, with JSON that says why', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    const other = await newConversation(view.id)
    provider.next({ kind: 'answer', tokens: Array.from({ length: 50 }, (_, index) => ` b${index}`), tokenDelayMs: 20 })
    const { generationId, stream } = await startGeneration(conversation.id)
    const reused = await call('POST', `${chatRoutes.generate}?conversation=${other.id}&generation=${generationId}`, {
      action: 'send',
      content: 'again',
    })
    expect(reused.status).toBe(409)
    expect(reused.json<{ message: string }>().message).toBe(
      `The generation id ${generationId} is already in use: start with a new one.`,
    )
    const malformed = await call('POST', `${chatRoutes.generate}?conversation=${other.id}&generation=../g1`, {
      action: 'send',
      content: 'again',
    })
    expect(malformed.status).toBe(400)
    expect(malformed.json<{ message: string }>().message).toMatch(
      /generation must be g followed by 12 hexadecimal digits/,
    )
    expect((await call('POST', `${chatRoutes.stop}?generation=${generationId}`)).status).toBe(200)
    await stream.waitForEvent((event) => event.event === 'end')
    stream.close()
  })

  it('stop at once: the provider sees its socket close within a second, and the answer is kept as stopped', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    provider.next({ kind: 'answer', tokens: Array.from({ length: 300 }, (_, index) => ` s${index}`), tokenDelayMs: 20 })
    const { generationId, stream } = await startGeneration(conversation.id, { action: 'send', content: 'go' })
    await stream.waitForEvent((event) => event.event === 'token' && (event.data as { index: number }).index >= 3)
    const upstream = provider.requests.at(-1)!
    const stoppedAt = performance.now()
    expect((await call('POST', `${chatRoutes.stop}?generation=${generationId}`)).status).toBe(200)
    const end = await stream.waitForEvent((event) => event.event === 'end')
    stream.close()
    expect(end.data).toMatchObject({ state: 'stopped', stopReason: 'user' })
    while (upstream.closedAtMs === undefined && performance.now() - stoppedAt < 1000)
      await new Promise((resolve) => setTimeout(resolve, 10))
    expect(upstream.closedAtMs! - stoppedAt).toBeLessThan(1000)
  })

  it('stop an answer whose conversation is deleted, and keep serving', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    provider.next({ kind: 'answer', tokens: Array.from({ length: 300 }, (_, index) => ` d${index}`), tokenDelayMs: 20 })
    const { stream } = await startGeneration(conversation.id)
    await stream.waitForEvent((event) => event.event === 'token')
    expect((await call('DELETE', `${chatRoutes.conversation}?id=${conversation.id}`)).status).toBe(200)
    const end = await stream.waitForEvent((event) => event.event === 'end')
    stream.close()
    expect(end.data).toMatchObject({ state: 'stopped' })
    expect((await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).status).toBe(404)
    expect((await call('GET', chatRoutes.conversations)).status).toBe(200)
  })

  it.each<[string, Scenario, AnswerMeta['state'], string]>([
    ['right after an answer', { kind: 'answer', tokens: ['All', ' written'] }, 'done', 'All written'],
    [
      'in the middle of an answer',
      { kind: 'answer', tokens: Array.from({ length: 300 }, () => ' w'), tokenDelayMs: 20 },
      'stopped',
      ' w',
    ],
  ])('stop the core %s only once the conversation is written', async (_name, scenario, state, text) => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    provider.next(scenario)
    const { stream } = await startGeneration(conversation.id)
    await stream.waitForEvent((event) => event.event === (state === 'done' ? 'end' : 'token'))
    const stopped = running
    await stopped.core.dispose()
    running = { ...stopped, dispose: () => rm(stopped.dataDir, { recursive: true, force: true }) }
    const saved = JSON.parse(
      await readFile(join(stopped.dataDir, 'conversations', `${conversation.id}.json`), 'utf8'),
    ) as Conversation
    expect(saved.messages.at(-1)).toMatchObject({
      role: 'assistant',
      content: expect.stringContaining(text),
      answer: { state },
    })
  })

  it('abort upstream when every client has gone and none came back', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    provider.next({ kind: 'answer', tokens: Array.from({ length: 300 }, (_, index) => ` o${index}`), tokenDelayMs: 20 })
    const { stream } = await startGeneration(conversation.id, { action: 'send', content: 'go' })
    await stream.waitForEvent((event) => event.event === 'token')
    stream.close()
    const upstream = provider.requests.at(-1)!
    const deadline = performance.now() + 2000
    while (upstream.closedAtMs === undefined && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20))
    expect(upstream.closedAtMs).toBeDefined()
    // Kept as stopped because no window followed it, not as if the user had pressed Stop.
    await expect
      .poll(
        async () =>
          (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`))
            .json<{ conversation: Conversation }>()
            .conversation.messages.at(-1)?.answer,
        { timeout: 5000 },
      )
      .toMatchObject({ state: 'stopped', stopReason: 'no-window' })
  })

  it('keep an answer cut at the token limit as such, and continue it into the same message', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    const cut = await ask(conversation.id, { kind: 'answer', tokens: ['Free', ' space:'], finishReason: 'length' })
    expect(cut.answer).toMatchObject({ state: 'length', finishReason: 'length' })
    const rest = await ask(conversation.id, { kind: 'answer', tokens: [' 12', ' GB.'] }, { action: 'continue' })
    expect(rest.answer).toMatchObject({ state: 'done', finishReason: 'stop' })
    const saved = (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).json<{
      conversation: Conversation
    }>().conversation
    expect(saved.messages.map((message) => message.content)).toEqual(['Why is the disk full?', 'Free space: 12 GB.'])
    // The endpoint saw the cut answer and was asked for the rest.
    const sent = (provider.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages
    expect(sent.slice(-2)).toEqual([
      { role: 'assistant', content: 'Free space:' },
      { role: 'user', content: expect.stringMatching(/^Continue exactly where your previous answer stopped/) },
    ])
    const refused = await call(
      'POST',
      `${chatRoutes.generate}?conversation=${conversation.id}&generation=${newGenerationId()}`,
      { action: 'continue' },
    )
    expect(refused.status).toBe(409)
    expect(refused.json<{ message: string }>().message).toMatch(/nothing to continue/)
  })

  it('stream a thinking model’s reasoning apart, keep it with the answer, and never send it back', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    const { text, events } = await ask(conversation.id, {
      kind: 'answer',
      reasoning: ['Check', ' df', ' first.'],
      tokens: ['Run', ' df -h.'],
    })
    expect(text).toBe('Run df -h.')
    const streamed = events
      .filter((event) => event.event === 'token')
      .map((event) => (event.data as { reasoning?: string }).reasoning ?? '')
      .join('')
    expect(streamed).toBe('Check df first.')
    const saved = (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).json<{
      conversation: Conversation
    }>().conversation
    expect(saved.messages.at(-1)).toMatchObject({ content: 'Run df -h.', reasoning: 'Check df first.' })
    await ask(conversation.id, { kind: 'answer', tokens: ['ok'] }, { action: 'send', content: 'And then?' })
    const sent = provider.requests.at(-1)!.body as { messages: { role: string; content: string }[] }
    expect(sent.messages.map((message) => message.content)).toEqual([
      'Why is the disk full?',
      'Run df -h.',
      'And then?',
    ])
    expect(JSON.stringify(sent)).not.toContain('Check df')
  })

  it('wait for the first token as long as the provider says, longer than the default', async () => {
    const view = await providerWithKey()
    await call('PUT', `${chatRoutes.providers}?id=${view.id}`, {
      name: 'Stand-in',
      preset: 'custom',
      baseUrl: provider.baseUrl,
      defaultModel: 'test-model',
      firstTokenTimeoutSeconds: 30,
    })
    const conversation = await newConversation(view.id)
    // The core's default here is 1.5 s; the model takes longer to load.
    const { answer, text } = await ask(conversation.id, { kind: 'answer', tokens: ['Loaded'], loadDelayMs: 2500 })
    expect(text).toBe('Loaded')
    expect(answer.state).toBe('done')
    const refused = await call('PUT', `${chatRoutes.providers}?id=${view.id}`, {
      name: 'Stand-in',
      preset: 'custom',
      baseUrl: provider.baseUrl,
      defaultModel: 'test-model',
      firstTokenTimeoutSeconds: 1,
    })
    expect(refused.status).toBe(400)
    expect(refused.json<{ message: string }>().message).toMatch(/firstTokenTimeoutSeconds/)
  })

  it.each([
    ['content_filter', 'content-filter'],
    ['tool_calls', 'tool-calls'],
  ] as const)('keep an answer that ended on %s in its own state', async (finishReason, state) => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    await ask(conversation.id, { kind: 'answer', tokens: ['Half'], finishReason })
    const saved = (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).json<{
      conversation: Conversation
    }>().conversation
    expect(saved.messages.at(-1)).toMatchObject({ content: 'Half', answer: { state, finishReason } })
  })

  it('regenerate the last answer, and edit a past message to resend from there', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    await ask(conversation.id, { kind: 'answer', tokens: ['first'] }, { action: 'send', content: 'one' })
    await ask(conversation.id, { kind: 'answer', tokens: ['second'] }, { action: 'send', content: 'two' })
    await ask(conversation.id, { kind: 'answer', tokens: ['second, again'] }, { action: 'regenerate' })
    let saved = (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).json<{
      conversation: Conversation
    }>().conversation
    expect(saved.messages.map((message) => message.content)).toEqual(['one', 'first', 'two', 'second, again'])
    await ask(
      conversation.id,
      { kind: 'answer', tokens: ['edited answer'] },
      { action: 'edit', messageId: saved.messages[0]!.id, content: 'one, edited' },
    )
    saved = (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).json<{
      conversation: Conversation
    }>().conversation
    expect(saved.messages.map((message) => message.content)).toEqual(['one, edited', 'edited answer'])
    // What the provider was sent for the edit: the conversation up to the edited message, nothing after.
    expect(
      (provider.requests.at(-1)!.body as { messages: { content: string }[] }).messages.map(
        (message) => message.content,
      ),
    ).toEqual(['one, edited'])
  })

  it('keep the versions a regenerate and an edit replaced, show any of them, and delete one message', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    const load = async () =>
      (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).json<{ conversation: Conversation }>()
        .conversation
    await ask(conversation.id, { kind: 'answer', tokens: ['first'] }, { action: 'send', content: 'one' })
    await ask(conversation.id, { kind: 'answer', tokens: ['second'] }, { action: 'regenerate' })
    let saved = await load()
    const answerId = saved.messages[1]!.id
    expect(versionPosition(saved.messages[1]!)).toEqual({ position: 2, count: 2 })
    const show = (message: string, version: number | string) =>
      call('POST', `${chatRoutes.messageVersion}?conversation=${conversation.id}&message=${message}&version=${version}`)
    const first = await show(answerId, 1)
    expect(first.json<Conversation>().messages.map((message) => message.content)).toEqual(['one', 'first'])
    // Only the version shown goes to the model with the next message.
    await ask(conversation.id, { kind: 'answer', tokens: ['third'] }, { action: 'send', content: 'two' })
    expect(
      (provider.requests.at(-1)!.body as { messages: { content: string }[] }).messages.map(
        (message) => message.content,
      ),
    ).toEqual(['one', 'first', 'two'])

    saved = await load()
    await ask(
      conversation.id,
      { kind: 'answer', tokens: ['edited answer'] },
      { action: 'edit', messageId: saved.messages[0]!.id, content: 'one, edited' },
    )
    const questionId = saved.messages[0]!.id
    const before = (await show(questionId, 1)).json<Conversation>()
    expect(before.messages.map((message) => message.content)).toEqual(['one', 'first', 'two', 'third'])
    expect((await load()).messages.map((message) => message.content)).toEqual(['one', 'first', 'two', 'third'])

    const bad = await show(questionId, 3)
    expect([bad.status, bad.json<{ message: string }>().message]).toEqual([
      400,
      'version must be at most 2: this message has 2 versions.',
    ])
    expect((await show(questionId, 'x')).status).toBe(400)
    expect((await show('m000000000000', 1)).status).toBe(404)

    const removed = await call(
      'DELETE',
      `${chatRoutes.message}?conversation=${conversation.id}&message=${before.messages[2]!.id}`,
    )
    expect(removed.json<Conversation>().messages.map((message) => message.content)).toEqual(['one', 'first', 'third'])
    expect((await load()).messages).toHaveLength(3)
  })

  it('refuse to change the messages of a conversation while it answers', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    await ask(conversation.id, { kind: 'answer', tokens: ['first'] }, { action: 'send', content: 'one' })
    const saved = (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).json<{
      conversation: Conversation
    }>().conversation
    // An answer of a minute, stopped once checked.
    provider.next({ kind: 'answer', tokens: Array.from({ length: 600 }, () => 'x'), tokenDelayMs: 100 })
    const { generationId, stream } = await startGeneration(conversation.id, { action: 'send', content: 'two' })
    await stream.waitForEvent((event) => event.event === 'token')
    const refused = await call(
      'DELETE',
      `${chatRoutes.message}?conversation=${conversation.id}&message=${saved.messages[0]!.id}`,
    )
    expect([refused.status, refused.json<{ message: string }>().message]).toEqual([
      409,
      'This conversation is still answering: stop it first, then change its messages.',
    ])
    await call('POST', `${chatRoutes.stop}?generation=${generationId}`)
    await stream.waitForEvent((event) => event.event === 'end')
    stream.close()
  })

  it.each<[string, Scenario, string]>([
    ['a bad key', { kind: 'http-error', status: 401 }, 'unauthorized'],
    ['an unknown model', { kind: 'http-error', status: 404 }, 'model-not-found'],
    ['a rate limit', { kind: 'http-error', status: 429, retryAfterSeconds: 7 }, 'rate-limited'],
    ['a missing first token', { kind: 'no-first-token' }, 'timeout'],
    ['a stall', { kind: 'stall', tokens: ['half'] }, 'stalled'],
    ['a truncated stream', { kind: 'truncated', tokens: ['half'] }, 'truncated'],
    ['an error mid-stream', { kind: 'error-in-stream', tokens: ['half'] }, 'stream-error'],
    ['vLLM’s flat error mid-stream', { kind: 'vllm-error', form: 'flat', tokens: ['half'] }, 'stream-error'],
    ['llama.cpp’s error line', { kind: 'llamacpp-error', form: 'error-line', tokens: ['half'] }, 'stream-error'],
    ['a malformed chunk', { kind: 'malformed', tokens: ['half'] }, 'malformed'],
    ['a dropped connection', { kind: 'dropped', tokens: ['half'] }, 'dropped'],
  ])('keep the partial answer and mark it on %s, never done', async (_name, scenario, code) => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    const { answer, text } = await ask(conversation.id, scenario)
    expect(answer).toMatchObject({ state: 'failed', failure: { code } })
    const saved = (await call('GET', `${chatRoutes.conversation}?id=${conversation.id}`)).json<{
      conversation: Conversation
    }>().conversation
    expect(saved.messages.at(-1)).toMatchObject({
      role: 'assistant',
      content: text,
      answer: { state: 'failed', failure: { code } },
    })
  })
})

describe('before the first token', () => {
  beforeEach(async () => {
    await running.dispose()
    running = await startTestCore({
      chatTimeouts: {
        ...chatTimeouts,
        retryPolicy: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 300 },
        maxConcurrentPerProvider: 1,
      },
    })
  })

  it('a retry is announced on the answer’s stream, with its attempt and reason, before the tokens', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    provider.next({ kind: 'http-error', status: 503 })
    const { answer, text, events } = await ask(conversation.id, { kind: 'answer', tokens: ['Back', ' again'] })
    expect(answer.state).toBe('done')
    expect(text).toBe('Back again')
    const statuses = events.filter((event) => event.event === 'status').map((event) => event.data)
    expect(statuses).toEqual([
      { state: 'requesting' },
      {
        state: 'retrying',
        attempt: 2,
        maxAttempts: 3,
        retryAt: expect.any(Number),
        reason: expect.stringMatching(/answered 503/),
      },
    ])
    expect(
      events.findIndex((event) => event.event === 'status' && (event.data as { state: string }).state === 'retrying'),
    ).toBeLessThan(events.findIndex((event) => event.event === 'token'))
  })

  it('answers no more at once than the provider’s cap: the next waits, shown as queued, until the first ends', async () => {
    const view = await providerWithKey()
    const first = await newConversation(view.id)
    const second = await newConversation(view.id)
    provider.next({ kind: 'answer', tokens: Array.from({ length: 300 }, (_, index) => ` a${index}`), tokenDelayMs: 20 })
    const running1 = await startGeneration(first.id)
    await running1.stream.waitForEvent((event) => event.event === 'token')
    const completionsBefore = provider.requests.filter((request) => request.path === '/v1/chat/completions').length
    provider.next({ kind: 'answer', tokens: ['Second'] })
    const running2 = await startGeneration(second.id)
    const queued = await running2.stream.waitForEvent((event) => event.event === 'status')
    expect(queued.data).toEqual({ state: 'queued', ahead: 0 })
    expect(provider.requests.filter((request) => request.path === '/v1/chat/completions').length).toBe(
      completionsBefore,
    )
    expect((await call('POST', `${chatRoutes.stop}?generation=${running1.generationId}`)).status).toBe(200)
    const end = await running2.stream.waitForEvent((event) => event.event === 'end', 8000)
    expect(end.data).toMatchObject({ state: 'done' })
    expect(tokensOf(running2.stream.events)).toBe('Second')
    running1.stream.close()
    running2.stream.close()
  })

  it('a provider that refused stream_options is not sent them again', async () => {
    const view = await providerWithKey()
    const conversation = await newConversation(view.id)
    const before = provider.requests.length
    const { answer } = await ask(conversation.id, { kind: 'refuses-stream-options', tokens: ['One'] })
    expect(answer.state).toBe('done')
    await ask(
      conversation.id,
      { kind: 'refuses-stream-options', tokens: ['Two'] },
      { action: 'send', content: 'again' },
    )
    const sent = provider.requests
      .slice(before)
      .filter((request) => request.path === '/v1/chat/completions')
      .map((request) => 'stream_options' in (request.body as object))
    expect(sent).toEqual([true, false, false])
  })
})

describe('the context', () => {
  afterEach(() => {
    provider.contextLength = undefined
  })

  it('send what fits the model’s context as llama.cpp tells it: the system prompt and the newest turns', async () => {
    provider.contextLength = 300
    const view = await providerWithKey()
    const conversation = (
      await call('POST', chatRoutes.conversations, { providerId: view.id, systemPrompt: 'Be brief.' })
    ).json<Conversation>()
    const long = (label: string) => `${label} ${'x'.repeat(300)}`
    for (const label of ['first', 'second', 'third'])
      await ask(conversation.id, { kind: 'answer', tokens: ['ok'] }, { action: 'send', content: long(label) })
    const { answer } = await ask(
      conversation.id,
      { kind: 'answer', tokens: ['ok'] },
      { action: 'send', content: 'last' },
    )
    const sent = (provider.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages
    expect(sent[0]).toEqual({ role: 'system', content: 'Be brief.' })
    expect(sent.at(-1)).toEqual({ role: 'user', content: 'last' })
    expect(sent.some((message) => message.content.startsWith('first'))).toBe(false)
    expect(sent[1]!.role).toBe('user')
    expect(answer.context).toMatchObject({ limitTokens: 300, omittedMessages: 7 - (sent.length - 1) })
    expect(answer.context!.estimatedTokens).toBeLessThanOrEqual(300 - 75)
  })

  it('ask for at most the provider’s max tokens, and use its context setting where the endpoint says none', async () => {
    const view = await providerWithKey()
    await call('PUT', `${chatRoutes.providers}?id=${view.id}`, {
      name: 'Stand-in',
      preset: 'custom',
      baseUrl: provider.baseUrl,
      defaultModel: 'test-model',
      contextTokens: 8192,
      maxTokens: 512,
    })
    const conversation = await newConversation(view.id)
    const { answer } = await ask(conversation.id, { kind: 'answer', tokens: ['ok'] })
    expect(provider.requests.at(-1)!.body).toMatchObject({ max_tokens: 512 })
    expect(answer.context).toMatchObject({ limitTokens: 8192, omittedMessages: 0 })
  })
})

describe('titles', () => {
  const isTitleRequest = (request: SeenRequest) =>
    request.path === '/v1/chat/completions' && (request.body as { stream?: boolean }).stream !== true
  const titleOf = async (id: string) =>
    (await call('GET', `${chatRoutes.conversation}?id=${id}`)).json<{ conversation: Conversation }>().conversation.title

  it('are made by the model after the first answer, and never replace one the user gave', async () => {
    const view = await providerWithKey()
    const untitled = (await call('POST', chatRoutes.conversations, { providerId: view.id })).json<Conversation>()
    expect(untitled.title).toBe('New conversation')
    await ask(untitled.id, { kind: 'answer', tokens: ['Clean', ' /var/log'] })
    await expect.poll(() => titleOf(untitled.id), { timeout: 5000 }).toBe('Disk Space Trouble')
    const asked = provider.requests.filter(isTitleRequest)
    expect(asked.at(-1)!.body).toMatchObject({ model: 'test-model', max_tokens: 24 })
    const named = await newConversation(view.id)
    await ask(named.id, { kind: 'answer', tokens: ['ok'] })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await titleOf(named.id)).toBe('Disk trouble')
  })

  it('are the first words of the question when the provider does not let the model make them', async () => {
    const view = await providerWithKey()
    await call('PUT', `${chatRoutes.providers}?id=${view.id}`, {
      name: 'Stand-in',
      preset: 'custom',
      baseUrl: provider.baseUrl,
      defaultModel: 'test-model',
      makesTitles: false,
    })
    const before = provider.requests.length
    const untitled = (await call('POST', chatRoutes.conversations, { providerId: view.id })).json<Conversation>()
    await ask(
      untitled.id,
      { kind: 'answer', tokens: ['ok'] },
      { action: 'send', content: 'Why   is the disk so full today, again?' },
    )
    await expect.poll(() => titleOf(untitled.id), { timeout: 5000 }).toBe('Why is the disk so full')
    expect(provider.requests.slice(before).filter(isTitleRequest)).toEqual([])
  })
})

describe('first use', () => {
  afterEach(() => {
    provider.models = ['test-model', 'test-model-large']
  })

  async function providerWithoutModel(): Promise<ProviderView> {
    return (
      await call('POST', chatRoutes.providers, {
        name: 'Local',
        preset: 'custom',
        baseUrl: provider.baseUrl,
        defaultModel: '',
      })
    ).json<ProviderView>()
  }

  it('answer with the endpoint’s only model when none is chosen, never with an empty model', async () => {
    provider.models = ['only-model']
    const view = await providerWithoutModel()
    const conversation = (await call('POST', chatRoutes.conversations, { providerId: view.id })).json<Conversation>()
    const { answer, text } = await ask(conversation.id, { kind: 'answer', tokens: ['Hi'] })
    expect(text).toBe('Hi')
    expect(answer).toMatchObject({ state: 'done', model: 'only-model' })
    expect(provider.requests.at(-1)!.body).toMatchObject({ model: 'only-model' })
  })

  it('ask for a model, naming the choices, when none is chosen and the endpoint offers several', async () => {
    const view = await providerWithoutModel()
    const conversation = (await call('POST', chatRoutes.conversations, { providerId: view.id })).json<Conversation>()
    const before = provider.requests.length
    const { stream } = await startGeneration(conversation.id)
    const end = await stream.waitForEvent((event) => event.event === 'end')
    stream.close()
    expect(end.data).toMatchObject({
      state: 'failed',
      failure: {
        code: 'not-configured',
        message: 'No model is chosen, and Local offers 2 (test-model, test-model-large): pick one in the chat header.',
      },
    })
    // Only the model list was asked for; no completion went out.
    expect(provider.requests.slice(before).map((request) => request.path)).toEqual(['/v1/models'])
  })

  it('list the endpoint’s models once, and again only when asked to refresh', async () => {
    const view = await providerWithoutModel()
    const first = (await call('GET', `${chatRoutes.models}?id=${view.id}`)).json<{ models: string[] }>()
    expect(first).toMatchObject({ ok: true, models: ['test-model', 'test-model-large'] })
    provider.models = ['test-model', 'test-model-large', 'new-model']
    expect((await call('GET', `${chatRoutes.models}?id=${view.id}`)).json()).toMatchObject({ models: first.models })
    expect((await call('GET', `${chatRoutes.models}?id=${view.id}&refresh=1`)).json()).toMatchObject({
      models: ['new-model', 'test-model', 'test-model-large'],
    })
    const unknown = await call('GET', `${chatRoutes.models}?id=p00000000`)
    expect(unknown.status).toBe(404)
  })

  it('give a new conversation the provider and model used last', async () => {
    const view = await providerWithoutModel()
    const first = (await call('POST', chatRoutes.conversations, {})).json<Conversation>()
    expect(first).toMatchObject({ providerId: view.id })
    expect(first.model).toBeUndefined()
    await call('PUT', `${chatRoutes.conversation}?id=${first.id}`, {
      title: first.title,
      providerId: view.id,
      model: 'test-model-large',
      systemPrompt: '',
    })
    const second = (await call('POST', chatRoutes.conversations, {})).json<Conversation>()
    expect(second).toMatchObject({ providerId: view.id, model: 'test-model-large' })
  })
})

describe('the canary key', () => {
  it('appears in no answer, stream, log line or data file of all the tests above', async () => {
    expect(transcripts.length).toBeGreaterThan(50)
    for (const transcript of transcripts) expect(transcript).not.toContain(canaryKey)
    expect(JSON.stringify(running.logs)).not.toContain(canaryKey)
  })

  it('is kept only in secrets.json', async () => {
    await providerWithKey()
    const files = await readdir(running.dataDir, { recursive: true })
    for (const file of files) {
      const path = join(running.dataDir, String(file))
      if ((await stat(path)).isDirectory()) continue
      const text = await readFile(path, 'utf8')
      expect(text.includes(canaryKey), String(file)).toBe(String(file) === 'secrets.json')
    }
  })
})
