// Tools in chat through a real core over real HTTP: the stand-in model calls a real tool box (load average,
// files of a temporary folder) as OpenAI streams tool calls; each call's result waits for the user's
// decision unless allowed, the loop is bounded, and the calls are kept in the conversation and its exports.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chatRoutes, type Conversation, type ToolCallRecord } from '../../src/shared/chat'
import { exportRoutes, type ExportJob } from '../../src/shared/export'
import { routes } from '../../src/shared/protocol'
import { startFakeProvider, type CompletionBody, type FakeProvider, type Scenario } from '../support/fakeProvider'
import {
  addConversation,
  decideCall,
  endOf,
  isAwaiting,
  startGeneration as startChatGeneration,
} from '../support/chatSession'
import { bearer, callCore, send } from '../support/http'
import { connectSse, type SseConnection } from '../support/sseClient'
import { startTestCore, type TestCore } from '../support/testCore'
import { createTestToolBox, type TestToolBox } from '../support/toolBox'

let provider: FakeProvider
let running: TestCore
let folder: string
let toolBox: TestToolBox

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterAll(() => provider.close())
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-tools-'))
  await writeFile(join(folder, 'app.log'), 'ERROR disk full; mail ops@example.com\n')
  await writeFile(join(folder, 'core.dump'), Buffer.alloc(4096))
  toolBox = createTestToolBox(folder)
  provider.script = undefined
  running = await startTestCore({
    tools: toolBox,
    chatTimeouts: {
      firstTokenTimeoutMs: 5000,
      stallTimeoutMs: 5000,
      orphanTimeoutMs: 10_000,
      retryPolicy: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      maxToolRounds: 3,
      // One answer at a time per provider: a call waiting for the user must not hold it.
      maxConcurrentPerProvider: 1,
    },
  })
})
afterEach(async () => {
  await running.dispose()
  await rm(folder, { recursive: true, force: true })
})

const call = (method: string, path: string, body?: unknown) => callCore(running.core, method, path, body)

const newConversation = (baseUrl = provider.baseUrl) => addConversation(running.core, baseUrl, 'Disk trouble')

const startGeneration = (conversationId: string, content = 'What fills the disk?') =>
  startChatGeneration(running.core, conversationId, content)

/** The newest state of each tool call seen on a stream, by id. */
function callsOn(stream: SseConnection): Map<string, ToolCallRecord & { isOffMachine: boolean }> {
  const calls = new Map<string, ToolCallRecord & { isOffMachine: boolean }>()
  for (const event of stream.events)
    if (event.event === 'tool-call') {
      const data = event.data as { call: ToolCallRecord; isOffMachine: boolean }
      calls.set(data.call.id, { ...data.call, isOffMachine: data.isOffMachine })
    }
  return calls
}

const decide = (generationId: string, callId: string, decision: string) =>
  decideCall(running.core, generationId, callId, decision)

const completions = () => provider.requests.filter((request) => request.path === '/v1/chat/completions')
const bodies = () => completions().map((request) => request.body as CompletionBody)

/** The model calls `calls` first; once tool messages came back, it answers with what they said. */
function scriptCallsThenAnswer(calls: { id: string; name: string; arguments: string }[]): void {
  provider.script = (body) => {
    const last = body.messages?.at(-1)
    if (last?.role === 'tool') return { kind: 'answer', tokens: ['Looked', ': ', String(last.content).slice(0, 40)] }
    return { kind: 'tool-calls', calls }
  }
}

/** The conversation's file once it holds what the core holds (the end goes out before its file is written). */
async function saved(conversationId: string): Promise<Conversation> {
  const read = async () =>
    JSON.parse(await readFile(join(running.dataDir, 'conversations', `${conversationId}.json`), 'utf8')) as Conversation
  const held = (await call('GET', `${chatRoutes.conversation}?id=${conversationId}`)).json<{
    conversation: Conversation
  }>().conversation
  await expect.poll(async () => (await read()).updatedAt, { timeout: 10_000 }).toBe(held.updatedAt)
  return read()
}

describe('tool calls in chat', () => {
  it('offers the tools, shows the result and waits; allowed once, the result goes to the model and the answer comes', async () => {
    const conversation = await newConversation()
    const before = completions().length
    scriptCallsThenAnswer([{ id: 'call_load', name: 'load_average', arguments: '{}' }])
    const { generationId, stream } = await startGeneration(conversation.id)
    const awaiting = (await stream.waitForEvent(isAwaiting('call_load'))).data as { call: ToolCallRecord }
    expect(awaiting.call.result?.text).toMatch(
      /^Load average \(runnable tasks\): [\d.]+ over 1 min, [\d.]+ over 5 min, [\d.]+ over 15 min; tasks running\/total \d+\/\d+\.$/,
    )
    // The result waits for the user: the model has not been asked again.
    expect(completions().length - before).toBe(1)
    expect(
      bodies()
        .at(-1)!
        .tools!.map((tool) => tool.function.name),
    ).toEqual(['load_average', 'list_files', 'read_file'])
    expect((await decide(generationId, 'call_load', 'once')).status).toBe(200)
    const answer = await endOf(stream)
    expect(answer.state).toBe('done')
    const second = bodies().at(-1)!
    expect(second.messages!.slice(-2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_load', type: 'function', function: { name: 'load_average', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_load', content: awaiting.call.result!.text },
    ])
    const kept = (await saved(conversation.id)).messages.at(-1)!
    expect(kept.content).toMatch(/^Looked: Load average/)
    expect(kept.toolRounds).toEqual([{ content: '', calls: [{ ...awaiting.call, state: 'sent', approval: 'once' }] }])
    // Deciding again is refused: the call no longer waits.
    const again = await decide(generationId, 'call_load', 'deny')
    expect(again.status).toBe(409)
    expect(again.json<{ message: string }>().message).toMatch(/does not wait for a decision: it is sent/)
  })

  it('allowed for the conversation, the next call of that tool is not asked, and the allowance is kept', async () => {
    const conversation = await newConversation()
    let round = 0
    provider.script = (body) => {
      if (body.messages?.at(-1)?.role !== 'tool')
        return {
          kind: 'tool-calls',
          calls: [{ id: `call_${round++}`, name: 'list_files', arguments: '{"pattern":"log"}' }],
        }
      const toolMessages = body.messages.filter((message) => message.role === 'tool').length
      return toolMessages < 2
        ? {
            kind: 'tool-calls',
            calls: [{ id: `call_${round++}`, name: 'list_files', arguments: '{"pattern":"dump"}' }],
          }
        : { kind: 'answer', tokens: ['Two', ' files'] }
    }
    const { generationId, stream } = await startGeneration(conversation.id)
    await stream.waitForEvent(isAwaiting('call_0'))
    expect((await decide(generationId, 'call_0', 'conversation')).status).toBe(200)
    expect((await endOf(stream)).state).toBe('done')
    const calls = callsOn(stream)
    expect(calls.get('call_0')).toMatchObject({
      state: 'sent',
      approval: 'conversation',
      result: { text: 'app.log: 38 bytes' },
    })
    expect(calls.get('call_1')).toMatchObject({
      state: 'sent',
      approval: 'conversation',
      result: { text: 'core.dump: 4096 bytes' },
    })
    expect(
      stream.events
        .filter((event) => event.event === 'tool-call' && (event.data as { call: ToolCallRecord }).call.id === 'call_1')
        .map((event) => (event.data as { call: ToolCallRecord }).call.state),
    ).toEqual(['running', 'sent'])
    expect((await saved(conversation.id)).allowedTools).toEqual(['list_files'])
    // A settings change keeps the allowance; an empty list asks again for each call.
    const fields = { title: 'Disk trouble', providerId: conversation.providerId, model: 'test-model' }
    const path = `${chatRoutes.conversation}?id=${conversation.id}`
    expect((await call('PUT', path, fields)).json<Conversation>().allowedTools).toEqual(['list_files'])
    expect((await call('PUT', path, { ...fields, allowedTools: [] })).json<Conversation>().allowedTools).toEqual([])
    round = 0
    const next = await startGeneration(conversation.id, 'Again?')
    await next.stream.waitForEvent(isAwaiting('call_0'))
    await decide(next.generationId, 'call_0', 'deny')
    await endOf(next.stream)
  })

  it('denied, the model is told so and never sees the result', async () => {
    const conversation = await newConversation()
    scriptCallsThenAnswer([{ id: 'call_read', name: 'read_file', arguments: '{"name":"app.log"}' }])
    const { generationId, stream } = await startGeneration(conversation.id)
    const awaiting = (await stream.waitForEvent(isAwaiting('call_read'))).data as { call: ToolCallRecord }
    expect(awaiting.call.result?.text).toContain('ops@example.com')
    expect((await decide(generationId, 'call_read', 'deny')).status).toBe(200)
    expect((await endOf(stream)).state).toBe('done')
    const sent = JSON.stringify(bodies().at(-1))
    expect(sent).toMatch(/The user denied this call/)
    expect(sent).not.toContain('ops@example.com')
    expect((await saved(conversation.id)).messages.at(-1)!.toolRounds![0]!.calls[0]!.state).toBe('denied')
  })

  it('stops at once on Stop while a call waits, and asks the model nothing more', async () => {
    const conversation = await newConversation()
    scriptCallsThenAnswer([{ id: 'call_load', name: 'load_average', arguments: '' }])
    const { generationId, stream } = await startGeneration(conversation.id)
    await stream.waitForEvent(isAwaiting('call_load'))
    const asked = completions().length
    expect((await call('POST', `${chatRoutes.stop}?generation=${generationId}`)).status).toBe(200)
    expect(await endOf(stream)).toMatchObject({ state: 'stopped', stopReason: 'user' })
    expect(callsOn(stream).get('call_load')?.state).toBe('stopped')
    expect(completions().length).toBe(asked)
    expect((await saved(conversation.id)).messages.at(-1)!.toolRounds![0]!.calls[0]!.state).toBe('stopped')
    expect((await decide(generationId, 'call_load', 'once')).status).toBe(409)
  })

  it('gives the provider to other answers while a call waits for the user', async () => {
    const conversation = await newConversation()
    const other = (
      await call('POST', chatRoutes.conversations, { title: 'Other', providerId: conversation.providerId })
    ).json<Conversation>()
    scriptCallsThenAnswer([{ id: 'call_load', name: 'load_average', arguments: '{}' }])
    const { generationId, stream } = await startGeneration(conversation.id)
    await stream.waitForEvent(isAwaiting('call_load'))
    provider.script = undefined
    provider.next({ kind: 'answer', tokens: ['Meanwhile', ' answered'] })
    const meanwhile = await startGeneration(other.id, 'Anything else?')
    expect(await endOf(meanwhile.stream)).toMatchObject({ state: 'done' })
    expect(
      meanwhile.stream.events.some(
        (event) => event.event === 'status' && (event.data as { state: string }).state === 'queued',
      ),
    ).toBe(false)
    scriptCallsThenAnswer([{ id: 'call_load', name: 'load_average', arguments: '{}' }])
    await decide(generationId, 'call_load', 'once')
    expect((await endOf(stream)).state).toBe('done')
  })

  it('answers malformed arguments with an error the model reads, without asking and without calling the tool', async () => {
    const conversation = await newConversation()
    scriptCallsThenAnswer([{ id: 'call_bad', name: 'list_files', arguments: '{"pattern": "lo' }])
    const { stream } = await startGeneration(conversation.id)
    expect((await endOf(stream)).state).toBe('done')
    expect(callsOn(stream).get('call_bad')).toMatchObject({
      state: 'sent',
      approval: 'error',
      result: { isError: true },
    })
    expect(bodies().at(-1)!.messages!.at(-1)).toMatchObject({
      role: 'tool',
      tool_call_id: 'call_bad',
      content: expect.stringMatching(/not valid JSON/),
    })
    expect(toolBox.calls).toEqual([])
  })

  it('runs two parallel calls, each decided on its own, and sends both results in order', async () => {
    const conversation = await newConversation()
    scriptCallsThenAnswer([
      { id: 'call_a', name: 'list_files', arguments: '{"pattern":"dump"}' },
      { id: 'call_b', name: 'read_file', arguments: '{"name":"app.log"}' },
    ])
    const { generationId, stream } = await startGeneration(conversation.id)
    await stream.waitForEvent(isAwaiting('call_a'))
    await stream.waitForEvent(isAwaiting('call_b'))
    expect((await decide(generationId, 'call_b', 'once')).status).toBe(200)
    expect((await decide(generationId, 'call_a', 'deny')).status).toBe(200)
    expect((await endOf(stream)).state).toBe('done')
    const messages = bodies().at(-1)!.messages!
    expect(messages.at(-3)!.tool_calls!.map((each) => each.id)).toEqual(['call_a', 'call_b'])
    expect(messages.slice(-2)).toEqual([
      { role: 'tool', tool_call_id: 'call_a', content: expect.stringMatching(/denied/) },
      { role: 'tool', tool_call_id: 'call_b', content: 'ERROR disk full; mail ops@example.com\n' },
    ])
  })

  it('goes on without tools when the model refuses them, says so once, and remembers it', async () => {
    const conversation = await newConversation()
    provider.next({ kind: 'refuses-tools', tokens: ['No', ' tools', ' here'] })
    const first = await startGeneration(conversation.id)
    expect(await endOf(first.stream)).toMatchObject({ state: 'done' })
    const notices = first.stream.events.filter((event) => event.event === 'notice')
    expect(notices).toHaveLength(1)
    expect((notices[0]!.data as { text: string }).text).toMatch(/does not take tools .*tools is not supported/)
    expect(
      bodies()
        .slice(-2)
        .map((body) => Boolean(body.tools)),
    ).toEqual([true, false])
    const kept = await saved(conversation.id)
    expect(kept.toolsUnsupported).toBe(true)
    expect(kept.messages.at(-1)).toMatchObject({
      content: 'No tools here',
      notices: [expect.stringMatching(/without them/)],
    })
    provider.next({ kind: 'refuses-tools', tokens: ['Still', ' fine'] })
    const second = await startGeneration(conversation.id, 'And now?')
    expect(await endOf(second.stream)).toMatchObject({ state: 'done' })
    expect(second.stream.events.some((event) => event.event === 'notice')).toBe(false)
    expect(bodies().at(-1)!.tools).toBeUndefined()
  })

  it('ends the loop after the most rounds, says so, and asks for an answer without more calls (the setting allows local calls)', async () => {
    expect((await call('PUT', routes.settings, { theme: 'system', toolsWithoutAsking: true })).status).toBe(200)
    const conversation = await newConversation()
    let round = 0
    provider.script = (body): Scenario =>
      body.tool_choice === 'none'
        ? { kind: 'answer', tokens: ['Enough', ' looking'] }
        : { kind: 'tool-calls', calls: [{ id: `call_${round++}`, name: 'load_average', arguments: '{}' }] }
    const before = completions().length
    const { stream } = await startGeneration(conversation.id)
    expect((await endOf(stream)).state).toBe('done')
    expect(completions().length - before).toBe(4)
    expect([...callsOn(stream).values()].map((each) => each.approval)).toEqual(['setting', 'setting', 'setting'])
    const notice = stream.events.find((event) => event.event === 'notice')!.data as { text: string }
    expect(notice.text).toMatch(/3 rounds/)
    const kept = (await saved(conversation.id)).messages.at(-1)!
    expect(kept.toolRounds).toHaveLength(3)
    expect(kept.content).toBe('Enough looking')
  })

  it('ends the loop when its time is spent, says so, and asks for an answer without more calls', async () => {
    await running.dispose()
    running = await startTestCore({ tools: toolBox, chatTimeouts: { toolTimeBudgetMs: 1 } })
    await call('PUT', routes.settings, { theme: 'system', toolsWithoutAsking: true })
    const conversation = await newConversation()
    provider.script = (body): Scenario =>
      body.tool_choice === 'none'
        ? { kind: 'answer', tokens: ['Out', ' of time'] }
        : { kind: 'tool-calls', calls: [{ id: 'call_0', name: 'list_files', arguments: '{}' }] }
    const { stream } = await startGeneration(conversation.id)
    expect((await endOf(stream)).state).toBe('done')
    const notice = stream.events.find((event) => event.event === 'notice')!.data as { text: string }
    expect(notice.text).toMatch(/took more than 0 s/)
    expect((await saved(conversation.id)).messages.at(-1)).toMatchObject({ content: 'Out of time', toolRounds: [{}] })
  })

  it('replays the rounds and a waiting call to a window that attaches again (a reload)', async () => {
    const conversation = await newConversation()
    scriptCallsThenAnswer([{ id: 'call_load', name: 'load_average', arguments: '{}' }])
    const { generationId, stream } = await startGeneration(conversation.id)
    await stream.waitForEvent(isAwaiting('call_load'))
    stream.close()
    const again = await connectSse(
      running.core.port,
      `${chatRoutes.stream}?generation=${generationId}`,
      bearer(running.core.token),
    )
    await again.waitForEvent(isAwaiting('call_load'))
    expect(again.events.map((event) => event.event).filter((name) => name.startsWith('tool'))).toEqual([
      'tool-round',
      'tool-call',
    ])
    await decide(generationId, 'call_load', 'once')
    expect((await endOf(again)).state).toBe('done')
  })

  it('always asks for an endpoint off this machine, whatever the setting, and shows the redacted result it would send', async () => {
    expect((await call('PUT', routes.settings, { theme: 'system', toolsWithoutAsking: true })).status).toBe(200)
    // The IPv4-mapped form of 127.0.0.1 reaches the stand-in, but is not a name Vigil takes for this machine.
    const conversation = await newConversation(`http://[::ffff:127.0.0.1]:${provider.port}/v1`)
    scriptCallsThenAnswer([{ id: 'call_read', name: 'read_file', arguments: '{"name":"app.log"}' }])
    const { generationId, stream } = await startGeneration(conversation.id)
    await stream.waitForEvent(isAwaiting('call_read'))
    const waiting = callsOn(stream).get('call_read')!
    expect(waiting.isOffMachine).toBe(true)
    expect(waiting.result?.text).toBe('ERROR disk full; mail [e-mail]\n')
    expect(toolBox.calls).toEqual([{ name: 'read_file', args: { name: 'app.log' }, isOffMachine: true }])
    const forConversation = await decide(generationId, 'call_read', 'conversation')
    expect(forConversation.status).toBe(400)
    expect(forConversation.json<{ message: string }>().message).toMatch(/off this machine always ask/)
    expect((await decide(generationId, 'call_read', 'once')).status).toBe(200)
    expect((await endOf(stream)).state).toBe('done')
    expect(JSON.stringify(bodies().at(-1))).not.toContain('ops@example.com')
  })

  it('offers no tools in a conversation whose tools are turned off, and keeps the choice until changed', async () => {
    const conversation = await newConversation()
    const fields = { title: 'Disk trouble', providerId: conversation.providerId, model: 'test-model' }
    expect(
      (
        await call('PUT', `${chatRoutes.conversation}?id=${conversation.id}`, { ...fields, tools: false })
      ).json<Conversation>().tools,
    ).toBe(false)
    provider.next({ kind: 'answer', tokens: ['Plain', ' answer'] })
    const { stream } = await startGeneration(conversation.id)
    expect((await endOf(stream)).state).toBe('done')
    expect(bodies().at(-1)!.tools).toBeUndefined()
    expect((await saved(conversation.id)).tools).toBe(false)
    expect(
      (await call('PUT', `${chatRoutes.conversation}?id=${conversation.id}`, fields)).json<Conversation>().tools,
    ).toBeUndefined()
  })

  it('keeps the tools setting when only the theme changes', async () => {
    await call('PUT', routes.settings, { theme: 'system', toolsWithoutAsking: true })
    expect((await call('PUT', routes.settings, { theme: 'dark' })).json()).toEqual({
      theme: 'dark',
      toolsWithoutAsking: true,
    })
    expect(JSON.parse(await readFile(join(running.dataDir, 'settings.json'), 'utf8'))).toEqual({
      theme: 'dark',
      toolsWithoutAsking: true,
    })
  })

  it('refuses decisions on unknown generations and calls, and decisions it cannot read', async () => {
    const conversation = await newConversation()
    scriptCallsThenAnswer([{ id: 'call_load', name: 'load_average', arguments: '{}' }])
    const { generationId, stream } = await startGeneration(conversation.id)
    await stream.waitForEvent(isAwaiting('call_load'))
    const unknownGeneration = await decide('g000000000000', 'call_load', 'once')
    expect([unknownGeneration.status, unknownGeneration.json<{ message: string }>().message]).toEqual([
      404,
      expect.stringMatching(/no generation g000000000000/),
    ])
    const unknownCall = await decide(generationId, 'call_nope', 'once')
    expect([unknownCall.status, unknownCall.json<{ message: string }>().message]).toEqual([
      404,
      expect.stringMatching(/has no tool call call_nope/),
    ])
    const badDecision = await decide(generationId, 'call_load', 'always')
    expect([badDecision.status, badDecision.json<{ message: string }>().message]).toEqual([
      400,
      expect.stringMatching(/decision must be one of/),
    ])
    expect((await decide(generationId, 'call_load', 'once')).status).toBe(200)
    await endOf(stream)
  })

  it('keeps the calls in Markdown, JSON and CSV exports of the conversation', async () => {
    const conversation = await newConversation()
    scriptCallsThenAnswer([{ id: 'call_list', name: 'list_files', arguments: '{"pattern":"dump"}' }])
    const { generationId, stream } = await startGeneration(conversation.id)
    await stream.waitForEvent(isAwaiting('call_list'))
    await decide(generationId, 'call_list', 'once')
    await endOf(stream)
    const exported = async (format: string) => {
      const job = (
        await call('POST', exportRoutes.exports, { kind: 'chat', conversation: conversation.id, format })
      ).json<ExportJob>()
      return (
        await send(running.core.port, `${exportRoutes.file}?id=${job.id}`, { headers: bearer(running.core.token) })
      ).text
    }
    const markdown = await exported('markdown')
    expect(markdown).toMatch(
      /\*\*Tool call\*\* `list_files`, sent \(allowed once\)\. Arguments:\n\n```text\n\{"pattern":"dump"\}\n```/,
    )
    expect(markdown).toContain('core.dump: 4096 bytes')
    const json = JSON.parse(await exported('json')) as Conversation
    expect(json.messages.at(-1)!.toolRounds![0]!.calls[0]).toMatchObject({
      id: 'call_list',
      state: 'sent',
      result: { text: 'core.dump: 4096 bytes' },
    })
    expect(await exported('csv')).toContain(
      'list_files({""pattern"":""dump""}) sent (allowed once): core.dump: 4096 bytes',
    )
  })
})
