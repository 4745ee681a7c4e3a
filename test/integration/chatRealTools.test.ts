// Chat with the core's own tools over real HTTP (no stand-in tool box): a busy loop makes a CPU spike, the
// stand-in model asks top_processes about it with its arguments streamed in pieces as OpenAI does, the user
// allows the call through the decision route, and the result the model then receives names the busy process.
// Denial and Stop while a real call waits behave as with any tool; for an endpoint off this machine a
// search_logs result shows, in the approval, a log file's lines with the e-mail address and token masked.
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chatRoutes, type ProviderView, type ToolCallRecord } from '../../src/shared/chat'
import { logRoutes, type LogSourceInfo } from '../../src/shared/logs'
import { recorderRoutes, type LogActivity } from '../../src/shared/recorder'
import { startFakeProvider, type CompletionBody, type FakeProvider } from '../support/fakeProvider'
import { addConversation, decideCall, endOf, isAwaiting, startGeneration } from '../support/chatSession'
import { callCore } from '../support/http'
import type { SseConnection } from '../support/sseClient'
import { startTestCore, type TestCore } from '../support/testCore'

const question = 'What used the CPU just now?'
const email = 'jane.doe@example.com'
const bearerToken = 'abcdef0123456789ghijkl'

let provider: FakeProvider
let running: TestCore
let busy: ChildProcess | undefined
let logDir: string | undefined

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterAll(() => provider.close())
beforeEach(async () => {
  provider.script = undefined
  running = await startTestCore({
    recorderFlushIntervalMs: 200,
    recorderProcessIntervalMs: 500,
    chatTimeouts: {
      firstTokenTimeoutMs: 10_000,
      stallTimeoutMs: 10_000,
      retryPolicy: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    },
  })
})
afterEach(async () => {
  if (busy?.pid !== undefined && busy.exitCode === null) process.kill(busy.pid, 'SIGKILL')
  busy = undefined
  await running.dispose()
  if (logDir) await rm(logDir, { recursive: true, force: true })
  logDir = undefined
})

const call = (method: string, path: string, body?: unknown) => callCore(running.core, method, path, body)

const newConversation = (baseUrl = provider.baseUrl) => addConversation(running.core, baseUrl, 'CPU spike')

const ask = (conversationId: string, content: string) => startGeneration(running.core, conversationId, content)

/** The call `id` once it waits for the user, with whether its endpoint is off this machine. */
const awaiting = async (stream: SseConnection, id: string) =>
  (await stream.waitForEvent(isAwaiting(id), 20_000)).data as { call: ToolCallRecord; isOffMachine: boolean }

const decide = (generationId: string, callId: string, decision: string) =>
  decideCall(running.core, generationId, callId, decision)

const bodies = () =>
  provider.requests
    .filter((request) => request.path === '/v1/chat/completions')
    .map((request) => request.body as CompletionBody)

/** The model calls `name` with `args` first; once a tool message came back, it answers from it. */
function scriptCall(id: string, name: string, args: string): void {
  provider.script = (body) => {
    const last = body.messages?.at(-1)
    if (last?.role === 'tool')
      return { kind: 'answer', tokens: ['The busiest ', 'was ', String(last.content).slice(0, 30)] }
    return { kind: 'tool-calls', calls: [{ id, name, arguments: args }] }
  }
}

/** Starts a busy loop and waits until the recorder kept it among the top processes. */
async function startBusyLoop(): Promise<number> {
  const from = Date.now()
  busy = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' })
  const pid = busy.pid!
  await expect
    .poll(async () => (await call('GET', `${recorderRoutes.processes}?from=${from}&to=${Date.now()}`)).text, {
      timeout: 30_000,
      interval: 500,
    })
    .toContain(`"pid":${pid},`)
  return pid
}

/** An empty log file `name` in a temporary folder, added as a log source. */
async function addLogFile(name: string): Promise<{ logFile: string; source: LogSourceInfo }> {
  logDir = await mkdtemp(join(tmpdir(), 'vigil-chat-logs-'))
  const logFile = join(logDir, name)
  await writeFile(logFile, '')
  const added = await call('POST', logRoutes.sources, { path: logFile })
  expect(added.status, added.text).toBe(200)
  return { logFile, source: added.json<LogSourceInfo>() }
}

/**
 * A log file with a line holding an e-mail address and a bearer token, added as a log source, once the
 * recorder counted its lines: it follows a new file a moment after it is added, so the line goes on being
 * written until then.
 */
async function addRecordedLogFile(): Promise<LogSourceInfo> {
  const { logFile, source } = await addLogFile('app.log')
  const from = Date.now()
  await expect
    .poll(
      async () => {
        await appendFile(logFile, `ERROR login failed for ${email} with Authorization: Bearer ${bearerToken}\n`)
        const activity = (
          await call('GET', `${recorderRoutes.logActivity}?from=${from}&to=${Date.now()}&source=${source.id}`)
        ).json<LogActivity>()
        return activity.sources[source.id]?.lines.some((count) => count > 0) ?? false
      },
      { timeout: 20_000, interval: 300 },
    )
    .toBe(true)
  return source
}

/** The IPv4-mapped form of 127.0.0.1 reaches the stand-in, but is not a name Vigil takes for this machine. */
const offMachineUrl = () => `http://[::ffff:127.0.0.1]:${provider.port}/v1`

const processesArgs = '{"from":"-5m","to":"now","sort":"cpu","limit":40}'

describe('chat with the core’s own tools', () => {
  it('answers "what used the CPU just now?" from top_processes, allowed once, naming the busy loop', async () => {
    const pid = await startBusyLoop()
    const conversation = await newConversation()
    scriptCall('call_top', 'top_processes', processesArgs)
    const { generationId, stream } = await ask(conversation.id, question)
    const waiting = await awaiting(stream, 'call_top')
    expect(waiting.isOffMachine).toBe(false)
    // The arguments came in pieces and were joined whole.
    expect(waiting.call.arguments).toBe(processesArgs)
    const busyRow = new RegExp(`^${pid} \\| node \\| `, 'm')
    expect(waiting.call.result?.text).toMatch(busyRow)
    expect(
      bodies()
        .at(-1)!
        .tools!.map((tool) => tool.function.name),
    ).toEqual(['query_metric', 'top_processes', 'search_logs', 'list_events', 'describe_machine'])
    expect((await decide(generationId, 'call_top', 'once')).status).toBe(200)
    expect((await endOf(stream, 20_000)).state).toBe('done')
    const sent = bodies().at(-1)!.messages!.at(-1)!
    expect(sent).toMatchObject({ role: 'tool', tool_call_id: 'call_top' })
    expect(sent.content).toBe(waiting.call.result!.text)
    expect(sent.content).toMatch(busyRow)
    const tokens = stream.events.filter((event) => event.event === 'token')
    expect(tokens.length).toBeGreaterThan(1)
  }, 60_000)

  it('denied, the model is told so and never sees the processes', async () => {
    const pid = await startBusyLoop()
    const conversation = await newConversation()
    scriptCall('call_top', 'top_processes', processesArgs)
    const { generationId, stream } = await ask(conversation.id, question)
    await awaiting(stream, 'call_top')
    expect((await decide(generationId, 'call_top', 'deny')).status).toBe(200)
    expect((await endOf(stream, 20_000)).state).toBe('done')
    const sent = bodies().at(-1)!.messages!.at(-1)!
    expect(sent).toMatchObject({ role: 'tool', tool_call_id: 'call_top', content: expect.stringMatching(/denied/) })
    expect(JSON.stringify(bodies().at(-1))).not.toMatch(new RegExp(`\\b${pid} \\| node`))
  }, 60_000)

  it('stops at once on Stop while a real call waits, and asks the model nothing more', async () => {
    const conversation = await newConversation()
    scriptCall('call_machine', 'describe_machine', '{}')
    const { generationId, stream } = await ask(conversation.id, 'What is this machine?')
    const waiting = await awaiting(stream, 'call_machine')
    expect(waiting.call.result?.text).toMatch(new RegExp(`^Host ${running.core.info.hostname}: `))
    const asked = bodies().length
    expect((await call('POST', `${chatRoutes.stop}?generation=${generationId}`)).status).toBe(200)
    expect(await endOf(stream, 20_000)).toMatchObject({ state: 'stopped', stopReason: 'user' })
    expect(bodies().length).toBe(asked)
    expect((await decide(generationId, 'call_machine', 'once')).status).toBe(409)
  })

  it('shows a log search for an endpoint off this machine redacted in the approval, and sends only that', async () => {
    const source = await addRecordedLogFile()
    const conversation = await newConversation(offMachineUrl())
    scriptCall(
      'call_logs',
      'search_logs',
      JSON.stringify({ sources: [source.id], query: 'login failed', from: '-10m' }),
    )
    const { generationId, stream } = await ask(conversation.id, 'Why did the login fail?')
    const waiting = await awaiting(stream, 'call_logs')
    expect(waiting.isOffMachine).toBe(true)
    const shown = waiting.call.result!.text
    expect(shown).toMatch(/ERROR login failed for \[email\] with Authorization: \[redacted\]/)
    expect(shown).not.toContain(email)
    expect(shown).not.toContain(bearerToken)
    expect((await decide(generationId, 'call_logs', 'once')).status).toBe(200)
    expect((await endOf(stream, 20_000)).state).toBe('done')
    const sent = JSON.stringify(bodies().at(-1))
    expect(sent).toContain('login failed for [email]')
    expect(sent).not.toContain(email)
    expect(sent).not.toContain(bearerToken)
  }, 60_000)

  it('asks before an error that names what is on this machine goes off it (an unknown log source lists the sources)', async () => {
    await addLogFile('payroll-2026.log')
    const conversation = await newConversation(offMachineUrl())
    scriptCall('call_logs', 'search_logs', '{"sources":["nope"]}')
    const asked = bodies().length
    const { generationId, stream } = await ask(conversation.id, 'Any errors?')
    const waiting = await awaiting(stream, 'call_logs')
    expect(waiting.call.result).toMatchObject({ isError: true, text: expect.stringMatching(/payroll-2026/) })
    expect(bodies().length - asked).toBe(1)
    expect((await decide(generationId, 'call_logs', 'deny')).status).toBe(200)
    expect((await endOf(stream, 20_000)).state).toBe('done')
    expect(JSON.stringify(bodies().at(-1))).not.toContain('payroll-2026')
  })

  it('masks earlier tool results, allowed for an endpoint on this machine, once the conversation moves off it', async () => {
    const source = await addRecordedLogFile()
    const conversation = await newConversation()
    const logsArgs = JSON.stringify({ sources: [source.id], query: 'login failed', from: '-10m' })
    scriptCall('call_logs', 'search_logs', logsArgs)
    const first = await ask(conversation.id, 'Why did the login fail?')
    expect((await awaiting(first.stream, 'call_logs')).call.result!.text).toContain(email)
    await decide(first.generationId, 'call_logs', 'once')
    expect((await endOf(first.stream, 20_000)).state).toBe('done')
    expect(JSON.stringify(bodies().at(-1))).toContain(email)

    const remote = (
      await call('POST', chatRoutes.providers, {
        name: 'Remote',
        preset: 'custom',
        baseUrl: offMachineUrl(),
        defaultModel: 'test-model',
      })
    ).json<ProviderView>()
    const moved = await call('PUT', `${chatRoutes.conversation}?id=${conversation.id}`, {
      title: 'CPU spike',
      providerId: remote.id,
      model: 'test-model',
    })
    expect(moved.status, moved.text).toBe(200)
    provider.script = undefined
    provider.next({ kind: 'answer', tokens: ['Still', ' the login'] })
    const second = await ask(conversation.id, 'And now?')
    expect((await endOf(second.stream, 20_000)).state).toBe('done')
    const resent = bodies()
      .at(-1)!
      .messages!.find((message) => message.role === 'tool')!
    expect(resent.content).toContain('login failed for [email] with Authorization: [redacted]')
    expect(JSON.stringify(bodies().at(-1))).not.toContain(email)
    expect(JSON.stringify(bodies().at(-1))).not.toContain(bearerToken)
  }, 60_000)
})
