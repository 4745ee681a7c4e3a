// The failure matrix of one completion, against the stand-in provider over real HTTP on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { streamCompletion, type CompletionRequest, type RetryNotice } from '../../src/main/chat/completion'
import { createLogger, type LogEntry } from '../../src/main/logger'
import { closedPort } from '../support/closedPort'
import {
  llamacppErrorMessage,
  startFakeProvider,
  vllmErrorMessage,
  type FakeProvider,
  type Scenario,
} from '../support/fakeProvider'

let provider: FakeProvider
const canaryKey = 'sk-canary-7f3e9a1b2c4d5e6f'

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterAll(() => provider.close())
afterEach(() => {
  vi.restoreAllMocks()
})

/** Runs one completion; `scenario` is what the stand-in does with it (none when the request goes elsewhere). */
async function run(scenario: Scenario | undefined, overrides: Partial<CompletionRequest> = {}) {
  if (scenario) provider.next(scenario)
  const tokens: string[] = []
  const outcome = await streamCompletion({
    baseUrl: provider.baseUrl,
    apiKey: canaryKey,
    model: 'test-model',
    messages: [{ role: 'user', content: 'hi' }],
    signal: new AbortController().signal,
    firstTokenTimeoutMs: 2000,
    stallTimeoutMs: 500,
    onToken: (text) => tokens.push(text),
    retryPolicy: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 100 },
    ...overrides,
  })
  // Whatever happened, the key is in no message.
  expect(JSON.stringify(outcome)).not.toContain(canaryKey)
  return { outcome, text: tokens.join('') }
}

describe('a streamed completion', () => {
  it('streams every token, ignores null content, and ends done with the usage', async () => {
    const { outcome, text } = await run({ kind: 'answer', tokens: ['The', ' disk', ' is', ' full', '.'] })
    expect(text).toBe('The disk is full.')
    expect(outcome).toEqual({
      state: 'done',
      finishReason: 'stop',
      usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 },
    })
    const sent = provider.requests.at(-1)!
    expect(sent.authorization).toBe(`Bearer ${canaryKey}`)
    expect(sent.body).toMatchObject({ model: 'test-model', stream: true, stream_options: { include_usage: true } })
  })

  it('sends each answer to its own endpoint with its own key, though the last client is kept for reuse', async () => {
    const other = await startFakeProvider()
    try {
      const replacedKey = 'sk-replaced-0a1b2c3d4e5f'
      await run({ kind: 'answer', tokens: ['a'] })
      await run({ kind: 'answer', tokens: ['b'] }, { apiKey: replacedKey })
      other.next({ kind: 'answer', tokens: ['c'] })
      expect((await run(undefined, { baseUrl: other.baseUrl, apiKey: replacedKey })).text).toBe('c')
      await run({ kind: 'answer', tokens: ['d'] })
      expect(provider.requests.slice(-3).map((request) => request.authorization)).toEqual([
        `Bearer ${canaryKey}`,
        `Bearer ${replacedKey}`,
        `Bearer ${canaryKey}`,
      ])
      expect(other.requests.map((request) => request.authorization)).toEqual([`Bearer ${replacedKey}`])
    } finally {
      await other.close()
    }
  })

  it.each<[string, Scenario, string, RegExp]>([
    ['a bad key', { kind: 'http-error', status: 401 }, 'unauthorized', /refused the key \(401\)/],
    [
      'an unknown model',
      { kind: 'http-error', status: 404 },
      'model-not-found',
      /does not know the model "test-model"/,
    ],
    ['a rate limit', { kind: 'http-error', status: 429, retryAfterSeconds: 20 }, 'rate-limited', /try again in 20 s/],
    ['a server error', { kind: 'http-error', status: 500 }, 'http-error', /answered 500/],
    ['an HTML page', { kind: 'not-openai' }, 'not-openai', /not as an OpenAI-compatible API/],
  ])('fails clearly on %s', async (_name, scenario, code, message) => {
    const { outcome } = await run(scenario)
    expect(outcome.state).toBe('failed')
    if (outcome.state !== 'failed') return
    expect(outcome.failure.code).toBe(code)
    expect(outcome.failure.message).toMatch(message)
    if (code === 'rate-limited') expect(outcome.failure.retryAfterSeconds).toBe(20)
  })

  it.each<[string, Scenario, string]>([
    ['a stream that ends without finish reason or [DONE]', { kind: 'truncated', tokens: ['Par', 'tial'] }, 'truncated'],
    [
      'an error object in the middle of the stream',
      { kind: 'error-in-stream', tokens: ['Par', 'tial'] },
      'stream-error',
    ],
    ['a malformed chunk', { kind: 'malformed', tokens: ['Par', 'tial'] }, 'malformed'],
    ['a dropped connection', { kind: 'dropped', tokens: ['Par', 'tial'] }, 'dropped'],
    ['a stall between tokens', { kind: 'stall', tokens: ['Par', 'tial'] }, 'stalled'],
  ])('keeps the partial answer and fails, never done, on %s', async (_name, scenario, code) => {
    const { outcome, text } = await run(scenario)
    expect(text).toBe('Partial')
    expect(outcome).toMatchObject({ state: 'failed', failure: { code } })
  })

  it('writes the SDK’s own words about a malformed chunk into Vigil’s log, never to the console', async () => {
    const entries: LogEntry[] = []
    const printed = vi.spyOn(console, 'error')
    const { outcome } = await run(
      { kind: 'malformed', tokens: ['Par', 'tial'] },
      { logger: createLogger((entry) => entries.push(entry)) },
    )
    expect(outcome).toMatchObject({ state: 'failed', failure: { code: 'malformed' } })
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 'error', component: 'openai', message: 'Could not parse message into JSON:' }),
    )
    expect(printed).not.toHaveBeenCalled()
  })

  it.each([
    ['length', 'length'],
    ['content_filter', 'content-filter'],
    ['tool_calls', 'tool-calls'],
  ] as const)('ends on finish reason %s in its own state, %s, never done', async (finishReason, state) => {
    const { outcome, text } = await run({ kind: 'answer', tokens: ['The', ' disk'], finishReason })
    expect(text).toBe('The disk')
    expect(outcome).toMatchObject({ state, finishReason })
  })

  it.each<[string, Scenario, string]>([
    ['vLLM’s flat error object', { kind: 'vllm-error', form: 'flat', tokens: ['Par', 'tial'] }, vllmErrorMessage],
    ['vLLM’s nested error object', { kind: 'vllm-error', form: 'nested', tokens: ['Par', 'tial'] }, vllmErrorMessage],
    [
      'llama.cpp’s error line',
      { kind: 'llamacpp-error', form: 'error-line', tokens: ['Par', 'tial'] },
      llamacppErrorMessage,
    ],
    [
      'llama.cpp’s error data',
      { kind: 'llamacpp-error', form: 'data-error', tokens: ['Par', 'tial'] },
      llamacppErrorMessage,
    ],
  ])('keeps the server’s own message on %s, and says part of the answer had come', async (_name, scenario, said) => {
    const { outcome, text } = await run(scenario)
    expect(text).toBe('Partial')
    expect(outcome).toMatchObject({
      state: 'failed',
      failure: {
        code: 'stream-error',
        message: `The endpoint reported an error after part of the answer had arrived: ${said}`,
      },
    })
  })

  it.each<[string, Scenario]>([
    ['an OpenAI error object', { kind: 'error-in-stream', tokens: [] }],
    ['vLLM’s flat error object', { kind: 'vllm-error', form: 'flat', tokens: [] }],
    ['llama.cpp’s error line', { kind: 'llamacpp-error', form: 'error-line', tokens: [] }],
  ])('says no answer had come yet when %s arrives before the first token', async (_name, scenario) => {
    const { outcome, text } = await run(scenario)
    expect(text).toBe('')
    expect(outcome).toMatchObject({
      state: 'failed',
      failure: {
        code: 'stream-error',
        message: expect.stringMatching(/^The endpoint reported an error before any of the answer arrived: \S/),
      },
    })
  })

  describe('before the first token', () => {
    const retrying = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 1500 }

    it.each<[string, Scenario]>([
      ['408', { kind: 'http-error', status: 408 }],
      ['409', { kind: 'http-error', status: 409 }],
      ['429 with retry-after-ms', { kind: 'http-error', status: 429, retryAfterMs: 30 }],
      ['500', { kind: 'http-error', status: 500 }],
      ['502', { kind: 'http-error', status: 502 }],
      ['503', { kind: 'http-error', status: 503 }],
    ])('retries a %s, says so first, and then answers', async (_name, scenario) => {
      const notices: RetryNotice[] = []
      provider.next(scenario)
      const before = provider.requests.length
      const { outcome, text } = await run(
        { kind: 'answer', tokens: ['Back'] },
        { retryPolicy: retrying, onRetry: (notice) => notices.push(notice) },
      )
      expect(outcome.state).toBe('done')
      expect(text).toBe('Back')
      expect(provider.requests.length - before).toBe(2)
      expect(notices).toEqual([
        { attempt: 2, maxAttempts: 3, retryAt: expect.any(Number), reason: expect.stringMatching(/answered \d{3}: /) },
      ])
    })

    it.each<[string, () => Scenario, number, number]>([
      ['retry-after in seconds', () => ({ kind: 'http-error', status: 429, retryAfterSeconds: 1 }), 900, 1000],
      [
        // HTTP dates have whole seconds: two seconds ahead is more than one from now.
        'retry-after as an HTTP date',
        () => ({ kind: 'http-error', status: 503, retryAfterDate: new Date(Date.now() + 2000).toUTCString() }),
        900,
        1500,
      ],
      [
        'a retry-after longer than the cap',
        () => ({ kind: 'http-error', status: 503, retryAfterSeconds: 3600 }),
        1400,
        1500,
      ],
    ])('waits what the endpoint asks in %s, capped', async (_name, scenario, atLeastMs, atMostMs) => {
      let waitMs = -1
      provider.next(scenario())
      const { outcome } = await run(
        { kind: 'answer', tokens: ['Back'] },
        { retryPolicy: retrying, onRetry: (notice) => (waitMs = notice.retryAt - Date.now()) },
      )
      expect(outcome.state).toBe('done')
      expect(waitMs).toBeGreaterThanOrEqual(atLeastMs)
      expect(waitMs).toBeLessThanOrEqual(atMostMs)
    })

    it('gives up after the last attempt with the endpoint’s own failure', async () => {
      provider.next({ kind: 'http-error', status: 503 })
      provider.next({ kind: 'http-error', status: 503 })
      const { outcome } = await run({ kind: 'http-error', status: 503 }, { retryPolicy: retrying })
      expect(outcome).toMatchObject({ state: 'failed', failure: { code: 'http-error', message: /answered 503/ } })
    })

    it('stops during the wait when asked, without another request', async () => {
      const controller = new AbortController()
      provider.next({ kind: 'http-error', status: 429, retryAfterSeconds: 30 })
      const before = provider.requests.length
      const { outcome } = await run(undefined, {
        retryPolicy: { ...retrying, maxDelayMs: 60_000 },
        signal: controller.signal,
        onRetry: () => controller.abort(),
      })
      expect(outcome.state).toBe('stopped')
      expect(provider.requests.length - before).toBe(1)
    })

    it('retries a refused connection: the endpoint may be starting', async () => {
      const port = await closedPort()
      let late: FakeProvider | undefined
      try {
        const { outcome, text } = await run(undefined, {
          baseUrl: `http://127.0.0.1:${port}/v1`,
          retryPolicy: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 1000 },
          onRetry: () => {
            if (!late)
              void startFakeProvider(port).then((started) => {
                late = started
                started.next({ kind: 'answer', tokens: ['Up'] })
              })
          },
        })
        expect(outcome.state).toBe('done')
        expect(text).toBe('Up')
      } finally {
        await late?.close()
      }
    })

    it('never retries once part of the answer came', async () => {
      const before = provider.requests.length
      const { outcome } = await run({ kind: 'dropped', tokens: ['Par', 'tial'] }, { retryPolicy: retrying })
      expect(outcome.state).toBe('failed')
      expect(provider.requests.length - before).toBe(1)
    })

    it('sends the request again without stream_options once when the endpoint refuses them, and says so', async () => {
      let refusals = 0
      const before = provider.requests.length
      const { outcome, text } = await run(
        { kind: 'refuses-stream-options', tokens: ['No', ' usage'] },
        { onStreamOptionsRefused: () => (refusals += 1) },
      )
      expect(outcome).toMatchObject({ state: 'done' })
      expect(text).toBe('No usage')
      expect(refusals).toBe(1)
      const bodies = provider.requests.slice(before).map((request) => request.body as Record<string, unknown>)
      expect(bodies.map((body) => 'stream_options' in body)).toEqual([true, false])
      // Known to refuse them: not sent at all.
      await run({ kind: 'refuses-stream-options', tokens: ['Again'] }, { isStreamOptionsRefused: true })
      expect('stream_options' in (provider.requests.at(-1)!.body as object)).toBe(false)
    })

    it('refuses a redirect to another origin, naming it, and sends nothing there', async () => {
      const other = await startFakeProvider()
      try {
        const target = `${other.baseUrl}/chat/completions`
        const { outcome } = await run({ kind: 'redirect', location: target }, { retryPolicy: retrying })
        expect(outcome).toMatchObject({
          state: 'failed',
          failure: { code: 'redirected', message: expect.stringContaining(`redirected to ${target}, another origin`) },
        })
        expect(other.requests).toEqual([])
      } finally {
        await other.close()
      }
    })

    it('follows a redirect within the endpoint’s own origin', async () => {
      provider.next({ kind: 'redirect', location: '/v1/chat/completions' })
      const { outcome, text } = await run({ kind: 'answer', tokens: ['Moved'] })
      expect(outcome.state).toBe('done')
      expect(text).toBe('Moved')
    })
  })

  it('sets a handful of timers for a whole answer, not one per token', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const { outcome, text } = await run({
      kind: 'answer',
      tokens: Array.from({ length: 500 }, () => 'x'),
      isWrittenWhole: true,
    })
    expect(outcome.state).toBe('done')
    expect(text).toHaveLength(500)
    expect(setTimeoutSpy.mock.calls.length).toBeLessThan(20)
  })

  it('lets other work run while it drains a buffered burst', async () => {
    // How often it yields is a matter of speed, measured by the chat benchmark; here only that it does.
    const setImmediateSpy = vi.spyOn(globalThis, 'setImmediate')
    let probeTicks = 0
    const probe = setInterval(() => (probeTicks += 1), 1)
    const { outcome } = await run({
      kind: 'answer',
      tokens: Array.from({ length: 4000 }, () => 'x'),
      isWrittenWhole: true,
    })
    const ticksDuringDrain = probeTicks
    clearInterval(probe)
    expect(outcome.state).toBe('done')
    expect(setImmediateSpy).toHaveBeenCalled()
    expect(ticksDuringDrain).toBeGreaterThan(0)
  })

  it('measures a stall from the newest token: steady tokens slower than the limit overall never stall', async () => {
    const { outcome, text } = await run(
      { kind: 'answer', tokens: Array.from({ length: 8 }, (_, index) => `${index}`), tokenDelayMs: 100 },
      { stallTimeoutMs: 250 },
    )
    expect(text).toBe('01234567')
    expect(outcome.state).toBe('done')
  })

  it.each(['reasoning_content', 'reasoning'] as const)(
    'streams a thinking model’s %s apart from the answer, and counts it as activity for the first-token timer',
    async (reasoningField) => {
      const pieces: [string, boolean][] = []
      const { outcome } = await run(
        {
          kind: 'answer',
          reasoning: Array.from({ length: 6 }, (_, index) => `step ${index}. `),
          reasoningField,
          tokens: ['Full', '.'],
          tokenDelayMs: 100,
        },
        {
          firstTokenTimeoutMs: 300,
          stallTimeoutMs: 1000,
          onToken: (text, isReasoning) => pieces.push([text, isReasoning]),
        },
      )
      expect(outcome.state).toBe('done')
      expect(
        pieces
          .filter(([, isReasoning]) => isReasoning)
          .map(([text]) => text)
          .join(''),
      ).toBe('step 0. step 1. step 2. step 3. step 4. step 5. ')
      expect(
        pieces
          .filter(([, isReasoning]) => !isReasoning)
          .map(([text]) => text)
          .join(''),
      ).toBe('Full.')
    },
  )

  it('waits for a model that loads its weights before answering, up to the first-token timeout', async () => {
    const { outcome, text } = await run(
      { kind: 'answer', tokens: ['Loaded'], loadDelayMs: 700 },
      { firstTokenTimeoutMs: 3000 },
    )
    expect(text).toBe('Loaded')
    expect(outcome.state).toBe('done')
  })

  it('times out when no first token comes', async () => {
    const { outcome, text } = await run({ kind: 'no-first-token' }, { firstTokenTimeoutMs: 300 })
    expect(text).toBe('')
    expect(outcome).toMatchObject({
      state: 'failed',
      failure: { code: 'timeout', message: expect.stringMatching(/No answer from test-model within 0.3 s/) },
    })
  })

  it('says the endpoint is down, by name, when nothing listens', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`
    const { outcome } = await run(undefined, { baseUrl, endpointName: 'Ollama' })
    expect(outcome).toMatchObject({
      state: 'failed',
      failure: { code: 'unreachable', message: `Nothing answers at ${baseUrl}: is Ollama running there?` },
    })
  })

  it('stops at once: the upstream socket closes within a second, and the outcome is stopped', async () => {
    provider.next({ kind: 'answer', tokens: Array.from({ length: 200 }, (_, index) => ` t${index}`), tokenDelayMs: 20 })
    const controller = new AbortController()
    const tokens: string[] = []
    const running = streamCompletion({
      baseUrl: provider.baseUrl,
      apiKey: canaryKey,
      model: 'test-model',
      messages: [{ role: 'user', content: 'count' }],
      signal: controller.signal,
      firstTokenTimeoutMs: 2000,
      stallTimeoutMs: 2000,
      onToken: (text) => {
        tokens.push(text)
        if (tokens.length === 5) controller.abort()
      },
    })
    const stoppedAt = await running.then((outcome) => {
      expect(outcome.state).toBe('stopped')
      return performance.now()
    })
    const request = provider.requests.at(-1)!
    const deadline = Date.now() + 1000
    while (request.closedAtMs === undefined && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10))
    expect(request.closedAtMs).toBeDefined()
    expect(request.closedAtMs! - stoppedAt).toBeLessThan(1000)
    expect(tokens.length).toBeLessThan(10)
  })
})
