// One streamed chat completion through the openai SDK, against any OpenAI-compatible endpoint, and how it
// ended, each way its own state. The SDK ends its loop quietly when the request is aborted, and also when
// a response simply stops: so a stop is read from our own signal, and a complete answer from its
// finish_reason. The SDK's own retries are off (maxRetries 0): ours (retryPolicy.ts) happen only before
// the first token, say when they will happen, and give way to Stop at once.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai'
import { finishedStateOf, type ChatFailure, type FinishedState, type TokenUsage } from '../../shared/chat'
import type { ToolSpec } from '../../shared/tools'
import type { Logger } from '../logger'
import { redactSecret } from './redact'
import { sdkLogOptions } from './sdkLogger'
import { createToolCallAccumulator, type AccumulatedToolCall } from './toolCallDeltas'
import { defaultRetryPolicy, isRetryableStatus, retryDelayMs, waitUnlessAborted, type RetryPolicy } from './retryPolicy'
import { RedirectRefusedError, upstreamFetch } from './upstreamFetch'

/** A message as OpenAI's chat API takes it: an assistant's may carry tool calls, a tool's answers one of them. */
export type CompletionMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: CompletionToolCall[] }
  | { role: 'tool'; content: string; tool_call_id: string }

export interface CompletionToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

export interface CompletionRequest {
  baseUrl: string
  apiKey: string | undefined
  model: string
  messages: CompletionMessage[]
  temperature?: number
  /** The longest answer asked for (`max_tokens`). */
  maxTokens?: number
  /** Aborted by Stop, or when nobody follows the generation any more. */
  signal: AbortSignal
  firstTokenTimeoutMs: number
  stallTimeoutMs: number
  /** A piece of the answer; `isReasoning` for a thinking model's reasoning (`reasoning_content` or `reasoning`). */
  onToken(text: string, isReasoning: boolean): void
  /** How to name the endpoint in "is it running?" messages, e.g. "Ollama". */
  endpointName?: string
  retryPolicy?: RetryPolicy
  /** Before a retry: which attempt comes next, when (epoch ms), and why. */
  onRetry?(retry: RetryNotice): void
  /** The endpoint is known to refuse `stream_options` (it said so before): it is not sent. */
  isStreamOptionsRefused?: boolean
  /** The endpoint refused `stream_options` with a 400 that names it; the request went again without it. */
  onStreamOptionsRefused?(): void
  /** Where the SDK's own messages go (Vigil's log); none: nowhere. */
  logger?: Logger
  /** The tools the model may call (OpenAI's `tools`, as functions); none: no `tools` is sent. */
  tools?: ToolSpec[]
  /** With `tools`: the model is told not to call any (`tool_choice: "none"`), for a final answer. */
  isToolChoiceNone?: boolean
  /** The endpoint refused `tools` (a 400 naming tools or functions, or an error naming tools); the request went again without them. */
  onToolsRefused?(reason: string): void
}

export interface RetryNotice {
  attempt: number
  maxAttempts: number
  retryAt: number
  reason: string
}

export type CompletionOutcome =
  /** `toolCalls`: the calls the model made, joined from their deltas (with the finish reason `tool_calls`). */
  | { state: FinishedState; finishReason: string; usage?: TokenUsage; toolCalls?: AccumulatedToolCall[] }
  | { state: 'stopped'; usage?: TokenUsage }
  | { state: 'failed'; failure: ChatFailure; usage?: TokenUsage }

/** How long the loop may go on draining buffered chunks before it lets other work run. */
const maxBusyMs = 4

/**
 * The SDK's own timeout for reaching the endpoint and getting its headers, per client. Each request sets
 * its own (its first-token timeout): a server that loads a model before its headers may take minutes.
 */
const connectTimeoutMs = 30_000

/**
 * The client of the last endpoint, key and log, kept for the next answer: building one makes every resource
 * object of the SDK, 0.2 to 0.4 ms that each first token waited for (measured in the generate route). Only the
 * last, so that a key replaced or removed is not held on to.
 */
let lastClient: { baseUrl: string; apiKey: string; logger: Logger | undefined; client: OpenAI } | undefined

function clientFor(baseUrl: string, apiKey: string, logger: Logger | undefined): OpenAI {
  if (lastClient?.baseUrl !== baseUrl || lastClient.apiKey !== apiKey || lastClient.logger !== logger) {
    lastClient = {
      baseUrl,
      apiKey,
      logger,
      client: new OpenAI({
        baseURL: baseUrl,
        apiKey,
        maxRetries: 0,
        timeout: connectTimeoutMs,
        fetch: upstreamFetch,
        ...sdkLogOptions(logger),
      }),
    }
  }
  return lastClient.client
}

export async function streamCompletion(request: CompletionRequest): Promise<CompletionOutcome> {
  const timers = new AbortController()
  let timeoutKind: 'first-token' | 'stall' | undefined
  const fire = (kind: 'first-token' | 'stall') => {
    timeoutKind = kind
    timers.abort()
  }
  // One timer at a time, not one per token (a burst brings thousands): a token only notes its time, and
  // the stall timer, when it comes due, waits again for what is left since the newest token.
  let timer: NodeJS.Timeout | undefined
  let lastTokenAt = 0
  const watchForStall = () => {
    const waitMs = request.stallTimeoutMs - (performance.now() - lastTokenAt)
    if (waitMs > 0) timer = setTimeout(watchForStall, waitMs)
    else fire('stall')
  }
  const signal = AbortSignal.any([request.signal, timers.signal])
  const client = clientFor(request.baseUrl, request.apiKey ?? 'not-needed', request.logger)
  let finishReason: string | undefined
  let usage: TokenUsage | undefined
  let hasContent = false
  const toolCalls = createToolCallAccumulator()
  /** Whether anything came (content or reasoning): the first-token timer gives way to the stall timer. */
  let hasActivity = false
  /** Something of the answer came: the stall timer takes over from the first-token timer. */
  const noteActivity = () => {
    lastTokenAt = performance.now()
    if (hasActivity) return
    hasActivity = true
    clearTimeout(timer)
    timer = setTimeout(watchForStall, request.stallTimeoutMs)
  }
  const ended = (): CompletionOutcome => {
    if (request.signal.aborted) return { state: 'stopped', ...(usage ? { usage } : {}) }
    if (timeoutKind === 'first-token')
      return failed('timeout', `No answer from ${request.model} within ${request.firstTokenTimeoutMs / 1000} s.`)
    if (timeoutKind === 'stall')
      return failed('stalled', `The answer stopped coming: nothing for ${request.stallTimeoutMs / 1000} s.`)
    return failed(
      'truncated',
      hasContent
        ? 'The answer ended before the endpoint said it was complete (no finish reason): it may be cut short.'
        : 'The response ended before any of the answer arrived, and the endpoint did not say why (no finish reason).',
    )
  }
  const failed = (code: ChatFailure['code'], message: string, extra: Partial<ChatFailure> = {}): CompletionOutcome => ({
    state: 'failed',
    failure: { code, message: redactSecret(message, request.apiKey), ...extra },
    ...(usage ? { usage } : {}),
  })

  try {
    let includesUsage = !request.isStreamOptionsRefused
    let tools = request.tools && request.tools.length > 0 ? request.tools : undefined
    const policy = request.retryPolicy ?? defaultRetryPolicy
    const open = () =>
      client.chat.completions
        .create(
          {
            model: request.model,
            // An assistant message with tool calls and no text has `content: null`, as OpenAI's own have.
            messages: request.messages.map((message) =>
              message.role === 'assistant' && message.tool_calls && !message.content
                ? { ...message, content: null }
                : message,
            ),
            stream: true,
            ...(tools
              ? {
                  tools: tools.map((tool) => ({
                    type: 'function' as const,
                    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
                  })),
                  ...(request.isToolChoiceNone ? { tool_choice: 'none' as const } : {}),
                }
              : {}),
            ...(includesUsage ? { stream_options: { include_usage: true } } : {}),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
            ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
          },
          { signal, timeout: request.firstTokenTimeoutMs },
        )
        .withResponse()
    // Until the response's headers: nothing of the answer can have come, so a refusal may be retried.
    const openWithRetries = async (): Promise<Awaited<ReturnType<typeof open>>> => {
      for (let attempt = 1; ; attempt += 1) {
        timer = setTimeout(() => fire('first-token'), request.firstTokenTimeoutMs)
        try {
          return await open()
        } catch (error) {
          clearTimeout(timer)
          if (signal.aborted) throw error
          if (
            includesUsage &&
            error instanceof APIError &&
            error.status === 400 &&
            /stream_options/.test(messageOf(error))
          ) {
            includesUsage = false
            request.onStreamOptionsRefused?.()
            attempt -= 1
            continue
          }
          const toolsRefusal = tools ? toolsRefusalOf(error) : undefined
          if (toolsRefusal !== undefined) {
            tools = undefined
            request.onToolsRefused?.(toolsRefusal)
            attempt -= 1
            continue
          }
          const reason = retryReason(error, request.baseUrl)
          if (attempt >= policy.maxAttempts || reason === undefined) throw error
          const waitMs = retryDelayMs(policy, attempt, error instanceof APIError ? error.headers : undefined)
          request.onRetry?.({
            attempt: attempt + 1,
            maxAttempts: policy.maxAttempts,
            retryAt: Date.now() + waitMs,
            reason,
          })
          await waitUnlessAborted(waitMs, request.signal)
          if (request.signal.aborted) throw error
        }
      }
    }
    const { data: stream, response } = await openWithRetries()
    if (!response.headers.get('content-type')?.includes('text/event-stream')) {
      return failed(
        'not-openai',
        `${request.baseUrl} answered, but not as an OpenAI-compatible API does (${response.headers.get('content-type') ?? 'no content type'}). Check the base URL: it usually ends in /v1.`,
      )
    }
    let busySince = performance.now()
    let hasHandedOnToken = false
    for await (const chunk of stream) {
      // A burst of buffered chunks would otherwise be drained in one run of microtasks, keeping the
      // event loop from everything else. By time, not by count: each yield is one more turn of the loop,
      // with smaller socket reads and one more event written; at one yield per 64 chunks, a 2,000-token
      // burst cost 6 ms more CPU (24 ms against 30 ms, measured in a bare relay).
      if (performance.now() - busySince >= maxBusyMs) {
        await new Promise((resolve) => setImmediate(resolve))
        busySince = performance.now()
      }
      if (chunk.usage)
        usage = {
          promptTokens: chunk.usage.prompt_tokens,
          completionTokens: chunk.usage.completion_tokens,
          totalTokens: chunk.usage.total_tokens,
        }
      // vLLM's older servers send a failure as a chunk of its own, `{"object":"error","message":...}`, which
      // the SDK hands over as if it were a chunk: it has no choices.
      const raw = chunk as unknown as { object?: unknown; message?: unknown; choices?: unknown }
      if (!Array.isArray(raw.choices)) {
        if (raw.object === 'error' || typeof raw.message === 'string')
          return failed('stream-error', reportedError(String(raw.message ?? 'no message'), hasContent))
        continue
      }
      const choice = chunk.choices[0]
      if (!choice) continue
      // Thinking models stream their reasoning beside the content: DeepSeek, vLLM and llama.cpp as
      // `reasoning_content`, Ollama and OpenRouter as `reasoning`. It is activity for the timers.
      const delta = choice.delta as
        { content?: unknown; reasoning_content?: unknown; reasoning?: unknown; tool_calls?: unknown } | undefined
      // Tool calls' pieces are activity too: a model may call tools without a word of content.
      if (Array.isArray(delta?.tool_calls)) {
        toolCalls.add(delta.tool_calls)
        noteActivity()
      }
      const reasoning = delta?.reasoning_content ?? delta?.reasoning
      const text = delta?.content
      for (const [piece, isReasoning] of [
        [reasoning, true],
        [text, false],
      ] as const) {
        if (typeof piece !== 'string' || piece.length === 0) continue
        noteActivity()
        if (!isReasoning) hasContent = true
        request.onToken(piece, isReasoning)
        // The first token's event is written at once, but node:http sends a response's writes only at the
        // next tick, which a drain of buffered chunks in microtasks holds back: the loop yields right after it.
        if (!hasHandedOnToken) busySince = Number.NEGATIVE_INFINITY
        hasHandedOnToken = true
      }
      if (choice.finish_reason) finishReason = choice.finish_reason
    }
    if (finishReason) {
      const state = finishedStateOf(finishReason)
      const calls = toolCalls.calls()
      if (!hasContent && state === 'done' && calls.length === 0)
        return failed('empty', 'The model finished without saying anything.')
      return { state, finishReason, ...(usage ? { usage } : {}), ...(calls.length > 0 ? { toolCalls: calls } : {}) }
    }
    return ended()
  } catch (error) {
    if (request.signal.aborted || timeoutKind) return ended()
    return classify(error, request, hasContent, failed)
  } finally {
    clearTimeout(timer)
  }
}

/** The endpoint's message in an APIError: its error object's `message`, else the SDK's summary. */
function messageOf(error: APIError): string {
  return error.error && typeof error.error === 'object' && 'message' in error.error
    ? String((error.error as { message: unknown }).message)
    : error.message
}

/**
 * The endpoint's words when it refused the request's tools, else undefined: a 400 that names tools or
 * functions (OpenAI, vLLM, llama.cpp without --jinja), or any error that names tools (Ollama's "does not
 * support tools").
 */
function toolsRefusalOf(error: unknown): string | undefined {
  if (!(error instanceof APIError)) return undefined
  const message = messageOf(error)
  if (error.status === 400 && /tool|function/i.test(message)) return message
  return /\btools?\b/i.test(message) ? message : undefined
}

function connectionErrorCode(error: APIConnectionError): string | undefined {
  const cause = error.cause as NodeJS.ErrnoException | undefined
  return (cause?.cause as NodeJS.ErrnoException | undefined)?.code ?? cause?.code
}

/** Why a failed request may be sent again, for people; undefined when it may not. */
function retryReason(error: unknown, where: string): string | undefined {
  if (error instanceof APIError && error.status !== undefined && isRetryableStatus(error.status))
    return `${where} answered ${error.status}: ${messageOf(error)}`
  if (
    error instanceof APIConnectionError &&
    !(error instanceof APIConnectionTimeoutError) &&
    connectionErrorCode(error) === 'ECONNREFUSED'
  )
    return `Nothing answers at ${where} yet.`
  return undefined
}

/** The endpoint's own words, and whether any of the answer had come before them. */
function reportedError(serverMessage: string, hasContent: boolean): string {
  return hasContent
    ? `The endpoint reported an error after part of the answer had arrived: ${serverMessage}`
    : `The endpoint reported an error before any of the answer arrived: ${serverMessage}`
}

function classify(
  error: unknown,
  request: CompletionRequest,
  hasContent: boolean,
  failed: (code: ChatFailure['code'], message: string, extra?: Partial<ChatFailure>) => CompletionOutcome,
): CompletionOutcome {
  const where = request.baseUrl
  if (error instanceof APIConnectionTimeoutError)
    return failed('timeout', `${where} did not answer within ${request.firstTokenTimeoutMs / 1000} s.`)
  if (error instanceof APIConnectionError) {
    if (error.cause instanceof RedirectRefusedError) return failed('redirected', error.cause.message)
    const code = connectionErrorCode(error)
    if (code === 'ECONNREFUSED')
      return failed(
        'unreachable',
        `Nothing answers at ${where}: is ${request.endpointName ?? 'the server'} running there?`,
      )
    return failed('unreachable', `Could not reach ${where}${code ? ` (${code})` : ''}.`)
  }
  if (error instanceof APIError) {
    const serverMessage = messageOf(error)
    switch (error.status) {
      case 401:
      case 403:
        return failed(
          'unauthorized',
          `${where} refused the key (${error.status}): check the key in Settings → Providers. The endpoint said: ${serverMessage}`,
        )
      case 404:
        return failed(
          'model-not-found',
          `${where} does not know the model "${request.model}" (404): choose another in the conversation's settings. The endpoint said: ${serverMessage}`,
        )
      case 429: {
        const retryAfter = Number(error.headers?.get('retry-after'))
        const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined
        return failed(
          'rate-limited',
          `Rate limited by ${where} (429)${wait ? `: try again in ${wait} s` : ''}. The endpoint said: ${serverMessage}`,
          wait ? { retryAfterSeconds: wait } : {},
        )
      }
      case undefined:
        return failed('stream-error', reportedError(serverMessage, hasContent))
      default:
        return failed('http-error', `${where} answered ${error.status}: ${serverMessage}`)
    }
  }
  if (error instanceof SyntaxError)
    return failed(
      'malformed',
      hasContent
        ? 'The endpoint sent a piece of the answer that is not valid JSON; the answer stops there.'
        : 'The endpoint sent something that is not valid JSON before any of the answer arrived.',
    )
  const reason = (error as Error)?.message ?? String(error)
  return failed(
    'dropped',
    hasContent
      ? `The connection to ${where} broke in the middle of the answer (${reason}).`
      : `The connection to ${where} broke before any of the answer arrived (${reason}).`,
  )
}
