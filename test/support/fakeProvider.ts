// A stand-in for a paid OpenAI-compatible service, and only that: it streams chat completions the way
// real servers do (a role-only first chunk, content chunks with the odd `content: null`, a finish_reason,
// a usage chunk when stream_options.include_usage is set, then `data: [DONE]`), writes its SSE in pieces
// cut at awkward places across TCP writes, and can be told to fail in each way real ones fail. It calls
// tools as OpenAI streams them (`tool_calls` deltas by index, arguments in pieces, finish_reason
// "tool_calls"), and a script can choose each answer from the request (say, once tool messages came back).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type Scenario =
  /** `isWrittenWhole`: each chunk in one write, for benchmarks, where cutting it up would make the source the bottleneck. */
  | {
      kind: 'answer'
      tokens: string[]
      tokenDelayMs?: number
      isWrittenWhole?: boolean
      /** How the endpoint ends it (default "stop"); "tool_calls" first streams a tool call's deltas. */
      finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls'
      /** A thinking model's reasoning, streamed before the content in `reasoningField` (default `reasoning_content`, as vLLM and llama.cpp; Ollama uses `reasoning`). */
      reasoning?: string[]
      reasoningField?: 'reasoning_content' | 'reasoning'
      /** A model loading its weights: the response's headers wait this long (as Ollama's do). */
      loadDelayMs?: number
    }
  /** An error status with OpenAI's error body; the wait, if any, in each form servers send it. */
  | {
      kind: 'http-error'
      status: 401 | 404 | 408 | 409 | 429 | 500 | 502 | 503
      retryAfterSeconds?: number
      retryAfterMs?: number
      /** An HTTP date, as `Retry-After` may carry. */
      retryAfterDate?: string
    }
  /** As Azure and some proxies: 400 naming `stream_options` while the request has it (this scenario stays queued), else an answer. */
  | { kind: 'refuses-stream-options'; tokens: string[] }
  /** A redirect to `location`, as a misconfigured proxy or a moved endpoint answers. */
  | { kind: 'redirect'; location: string }
  /** Headers, then silence: no first token. */
  | { kind: 'no-first-token' }
  /** Some tokens, then silence with the connection open. */
  | { kind: 'stall'; tokens: string[] }
  /** Some tokens, then a clean end of the response with neither finish_reason nor [DONE]. */
  | { kind: 'truncated'; tokens: string[] }
  /** Some tokens, then the connection is destroyed. */
  | { kind: 'dropped'; tokens: string[] }
  /** Some tokens, then an error object in the stream, as OpenAI sends on a server error mid-stream. */
  | { kind: 'error-in-stream'; tokens: string[] }
  /** Some tokens, then a data line that is not JSON. */
  | { kind: 'malformed'; tokens: string[] }
  /**
   * Some tokens, then vLLM's error chunk and `[DONE]`: older vLLM sends the error object flat
   * (`{"object":"error","message":...}`), newer vLLM nests it (`{"error":{...}}`).
   */
  | { kind: 'vllm-error'; form: 'flat' | 'nested'; tokens: string[] }
  /**
   * Some tokens, then llama.cpp's server error, and the end without `[DONE]`: as a line `error: {...}`
   * (not an SSE field), or as `data: {"error":{...}}`.
   */
  | { kind: 'llamacpp-error'; form: 'error-line' | 'data-error'; tokens: string[] }
  /** Answers 200 with HTML, as a web server that is not an OpenAI-compatible API would. */
  | { kind: 'not-openai' }
  /**
   * Tool calls, streamed as OpenAI does: after any `content`, for each call in index order a first delta
   * with its index, id, type and name (arguments ""), then its arguments in pieces of a few characters
   * (cut inside keys and strings); then finish_reason "tool_calls". `arguments` is sent as given, malformed or not.
   */
  | { kind: 'tool-calls'; calls: { id: string; name: string; arguments: string }[]; content?: string[] }
  /**
   * As a model or server without tool support: 400 with OpenAI's error body naming `tools` while the
   * request has them (this scenario stays queued), else an answer.
   */
  | { kind: 'refuses-tools'; tokens: string[] }

export interface SeenRequest {
  method: string
  path: string
  authorization: string | undefined
  body: unknown
  /** performance.now() when the client's socket closed; undefined while open. */
  closedAtMs?: number
}

export interface FakeProvider {
  baseUrl: string
  port: number
  requests: SeenRequest[]
  /** What the next chat completion request gets (then it falls back to `defaultScenario`). */
  next(scenario: Scenario): void
  /** Chooses the answer from the request's body, before the queue; undefined leaves it to the queue. */
  script: ((body: CompletionBody) => Scenario | undefined) | undefined
  defaultScenario: Scenario
  /** The key it expects in `Authorization: Bearer`; undefined accepts any. */
  expectedKey: string | undefined
  models: string[]
  /** What a completion asked for without `stream` answers (as a short title request is); never taken from the queue. */
  completionText: string
  /** When set, `GET /props` tells it as llama.cpp's server does (default_generation_settings.n_ctx). */
  contextLength: number | undefined
  close(): Promise<void>
}

/** What the stand-in reads of a chat completion request. */
export interface CompletionBody {
  model?: string
  stream?: boolean
  stream_options?: { include_usage?: boolean }
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[]
  tool_choice?: unknown
  messages?: {
    role: string
    content: string | null
    tool_call_id?: string
    tool_calls?: { id: string; function: { name: string; arguments: string } }[]
  }[]
}

const created = 1_795_500_000
export const vllmErrorMessage =
  "This model's maximum context length is 4096 tokens. However, you requested 4864 tokens. Please reduce the length of the messages."
export const llamacppErrorMessage = 'the request exceeds the available context size, try increasing it'

function chunk(id: string, model: string, delta: Record<string, unknown>, finishReason: string | null = null) {
  return {
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: 'fp_test',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  }
}

function errorBody(
  status: number,
  model: string,
): { error: { message: string; type: string; param: string | null; code: string | null } } {
  switch (status) {
    case 401:
      return {
        error: {
          message: 'Incorrect API key provided: sk-…. You can find your API key in your account settings.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      }
    case 404:
      return {
        error: {
          message: `The model \`${model}\` does not exist or you do not have access to it.`,
          type: 'invalid_request_error',
          param: null,
          code: 'model_not_found',
        },
      }
    case 429:
      return {
        error: {
          message: 'Rate limit reached for requests. Please try again later.',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      }
    default:
      return {
        error: {
          message: 'The server had an error while processing your request.',
          type: 'server_error',
          param: null,
          code: null,
        },
      }
  }
}

/** Writes SSE text in uneven pieces, each its own TCP write, cut wherever the sizes fall (inside "data:", inside JSON, between CR and LF). */
async function writeInPieces(response: ServerResponse, text: string, sizes = [7, 1, 13, 3, 29, 2]): Promise<void> {
  let offset = 0
  for (let index = 0; offset < text.length; index += 1) {
    const piece = text.slice(offset, offset + sizes[index % sizes.length]!)
    offset += piece.length
    if (!response.write(piece)) await new Promise((resolve) => response.once('drain', resolve))
    // A turn of the event loop between pieces makes each one a separate TCP segment (no-delay is on).
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** `port`: where to listen (a test that needs the endpoint to come up late); any free port by default. */
export async function startFakeProvider(port = 0): Promise<FakeProvider> {
  const queue: Scenario[] = []
  const sockets = new Set<Socket>()
  const provider: FakeProvider = {
    baseUrl: '',
    port: 0,
    requests: [],
    next: (scenario) => queue.push(scenario),
    script: undefined,
    defaultScenario: { kind: 'answer', tokens: ['Hello', ',', ' world', '!'] },
    expectedKey: undefined,
    models: ['test-model', 'test-model-large'],
    contextLength: undefined,
    completionText: 'Disk Space Trouble',
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }

  async function readBody(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = []
    for await (const part of request as AsyncIterable<Buffer>) chunks.push(part)
    const text = Buffer.concat(chunks).toString('utf8')
    return text ? JSON.parse(text) : undefined
  }

  async function streamCompletion(
    response: ServerResponse,
    scenario: Scenario,
    model: string,
    includeUsage: boolean,
  ): Promise<void> {
    const id = `chatcmpl-${Math.random().toString(36).slice(2, 10)}`
    const isWrittenWhole = scenario.kind === 'answer' && scenario.isWrittenWhole === true
    const send = async (payload: unknown) => {
      const frame = `data: ${JSON.stringify(payload)}\r\n\r\n`
      if (!isWrittenWhole) return writeInPieces(response, frame)
      if (!response.write(frame)) await new Promise((resolve) => response.once('drain', resolve))
    }
    if (scenario.kind === 'answer' && scenario.loadDelayMs)
      await new Promise((resolve) => setTimeout(resolve, scenario.loadDelayMs))
    if (response.destroyed) return
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Request-Id': id,
    })
    response.socket?.setNoDelay(true)
    if (scenario.kind === 'no-first-token') return // headers only; the socket stays open
    await send(chunk(id, model, { role: 'assistant', content: '', refusal: null }))
    const tokens = 'tokens' in scenario ? scenario.tokens : []
    const delayMs = scenario.kind === 'answer' ? (scenario.tokenDelayMs ?? 0) : 0
    if (scenario.kind === 'answer')
      for (const piece of scenario.reasoning ?? []) {
        if (response.destroyed) return
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
        await send(chunk(id, model, { content: null, [scenario.reasoningField ?? 'reasoning_content']: piece }))
      }
    for (const [index, token] of tokens.entries()) {
      if (response.destroyed) return
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
      // Some servers interleave empty deltas; `content: null` must not become the text "null".
      if (index === 1) await send(chunk(id, model, { content: null }))
      await send(chunk(id, model, { content: token }))
    }
    switch (scenario.kind) {
      case 'stall':
        return
      case 'truncated':
        response.end()
        return
      case 'dropped':
        response.socket?.destroy()
        return
      case 'error-in-stream':
        await send({
          error: {
            message: 'The server had an error while processing your request. Sorry about that!',
            type: 'server_error',
            param: null,
            code: null,
          },
        })
        response.end()
        return
      case 'malformed':
        await writeInPieces(response, 'data: {"id": "broken", "choices": [\r\n\r\n')
        response.end()
        return
      case 'vllm-error': {
        const error = { message: vllmErrorMessage, type: 'BadRequestError', param: null, code: 400 }
        await send(scenario.form === 'flat' ? { object: 'error', ...error } : { error })
        await writeInPieces(response, 'data: [DONE]\n\n')
        response.end()
        return
      }
      case 'llamacpp-error': {
        const error = { code: 400, message: llamacppErrorMessage, type: 'exceed_context_size_error' }
        if (scenario.form === 'error-line') await writeInPieces(response, `error: ${JSON.stringify(error)}\n\n`)
        else await send({ error })
        response.end()
        return
      }
    }
    if (scenario.kind === 'tool-calls') {
      for (const piece of scenario.content ?? []) await send(chunk(id, model, { content: piece }))
      for (const [index, call] of scenario.calls.entries()) {
        const head = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }
        await send(chunk(id, model, { tool_calls: [head] }))
        for (let offset = 0; offset < call.arguments.length; offset += 5)
          await send(
            chunk(id, model, {
              tool_calls: [{ index, function: { arguments: call.arguments.slice(offset, offset + 5) } }],
            }),
          )
      }
    }
    const finishReason =
      scenario.kind === 'tool-calls'
        ? 'tool_calls'
        : scenario.kind === 'answer'
          ? (scenario.finishReason ?? 'stop')
          : 'stop'
    if (scenario.kind === 'answer' && finishReason === 'tool_calls') {
      const call = { index: 0, id: 'call_disk', type: 'function', function: { name: 'disk_usage', arguments: '' } }
      await send(chunk(id, model, { tool_calls: [call] }))
      await send(chunk(id, model, { tool_calls: [{ index: 0, function: { arguments: '{"path":"/"}' } }] }))
    }
    await send(chunk(id, model, {}, finishReason))
    if (includeUsage) {
      const completionTokens = tokens.length
      await send({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [],
        usage: { prompt_tokens: 12, completion_tokens: completionTokens, total_tokens: 12 + completionTokens },
      })
    }
    await writeInPieces(response, 'data: [DONE]\r\n\r\n')
    response.end()
  }

  const server: Server = createServer(async (request, response) => {
    const seen: SeenRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      authorization: request.headers.authorization,
      body: undefined,
    }
    provider.requests.push(seen)
    // Keep-alive reuses sockets across requests: the listener goes with the response it was for.
    const onSocketClose = () => (seen.closedAtMs = performance.now())
    request.socket.once('close', onSocketClose)
    response.once('finish', () => request.socket.off('close', onSocketClose))
    const body = (seen.body = await readBody(request).catch(() => undefined)) as CompletionBody | undefined
    if (provider.expectedKey !== undefined && request.headers.authorization !== `Bearer ${provider.expectedKey}`) {
      response.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify(errorBody(401, '')))
      return
    }
    const path = new URL(request.url ?? '/', 'http://x').pathname
    if (request.method === 'GET' && path === '/v1/models') {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(
        JSON.stringify({
          object: 'list',
          data: provider.models.map((id) => ({ id, object: 'model', created, owned_by: 'test' })),
        }),
      )
      return
    }
    if (request.method === 'GET' && path === '/props' && provider.contextLength !== undefined) {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          default_generation_settings: { n_ctx: provider.contextLength, params: { n_predict: -1 } },
          total_slots: 1,
          model_path: '/models/test-model.gguf',
        }),
      )
      return
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          error: {
            message: `Unknown request URL: ${request.method} ${path}`,
            type: 'invalid_request_error',
            param: null,
            code: 'unknown_url',
          },
        }),
      )
      return
    }
    if (!body?.stream) {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-whole',
          object: 'chat.completion',
          created,
          model: body?.model ?? 'test-model',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: provider.completionText, refusal: null },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 40, completion_tokens: 4, total_tokens: 44 },
        }),
      )
      return
    }
    const scenario = provider.script?.(body) ?? queue.shift() ?? provider.defaultScenario
    const model = body?.model ?? 'test-model'
    if (scenario.kind === 'not-openai') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Welcome to nginx!</title>')
      return
    }
    if (scenario.kind === 'redirect') {
      response.writeHead(307, { Location: scenario.location, 'Content-Length': '0' }).end()
      return
    }
    if (scenario.kind === 'refuses-stream-options' && body?.stream_options) {
      queue.unshift(scenario)
      response.writeHead(400, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          error: {
            message: 'Unrecognized request argument supplied: stream_options',
            type: 'invalid_request_error',
            param: null,
            code: null,
          },
        }),
      )
      return
    }
    if (scenario.kind === 'refuses-tools' && body.tools) {
      queue.unshift(scenario)
      response.writeHead(400, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          error: {
            message: 'tools is not supported for this model',
            type: 'invalid_request_error',
            param: 'tools',
            code: null,
          },
        }),
      )
      return
    }
    if (scenario.kind === 'http-error') {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' }
      if (scenario.retryAfterSeconds !== undefined) headers['Retry-After'] = String(scenario.retryAfterSeconds)
      if (scenario.retryAfterDate !== undefined) headers['Retry-After'] = scenario.retryAfterDate
      if (scenario.retryAfterMs !== undefined) headers['retry-after-ms'] = String(scenario.retryAfterMs)
      response.writeHead(scenario.status, headers).end(JSON.stringify(errorBody(scenario.status, model)))
      return
    }
    await streamCompletion(response, scenario, model, Boolean(body?.stream_options?.include_usage))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  provider.port = (server.address() as AddressInfo).port
  provider.baseUrl = `http://127.0.0.1:${provider.port}/v1`
  return provider
}
