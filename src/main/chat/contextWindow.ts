// How much of a conversation a model can read, and which part of it is sent. The OpenAI API does not say
// a model's context length; local servers do, each its own way: llama.cpp's `GET /props`
// (default_generation_settings.n_ctx), Ollama's `POST /api/show` (num_ctx in its parameters, else the
// model's <architecture>.context_length) and LM Studio's `GET /api/v0/models/<model>` (the loaded, else
// the maximum, context length). A provider setting overrides them. Tokens are estimated (about four
// characters each), not counted: the trim leaves a margin for the answer instead.
import type { CompletionMessage } from './completion'

const askTimeoutMs = 2000

/** The endpoint's root: the base URL without its trailing /v1. */
function rootOf(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')
}

async function askJson(url: string, apiKey: string | undefined, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(askTimeoutMs),
    redirect: 'error',
  })
  if (!response.ok) return undefined
  return response.json()
}

const positive = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined

export function contextOfLlamaCppProps(props: unknown): number | undefined {
  return positive((props as { default_generation_settings?: { n_ctx?: unknown } })?.default_generation_settings?.n_ctx)
}

export function contextOfOllamaShow(show: unknown): number | undefined {
  const { parameters, model_info: info } = (show ?? {}) as {
    parameters?: unknown
    model_info?: Record<string, unknown>
  }
  const numCtx = typeof parameters === 'string' ? /^num_ctx\s+(\d+)\s*$/m.exec(parameters)?.[1] : undefined
  if (numCtx) return positive(Number(numCtx))
  const architecture = info?.['general.architecture']
  return typeof architecture === 'string' ? positive(info?.[`${architecture}.context_length`]) : undefined
}

export function contextOfLmStudioModel(model: unknown): number | undefined {
  const { loaded_context_length: loaded, max_context_length: max } = (model ?? {}) as Record<string, unknown>
  return positive(loaded) ?? positive(max)
}

/** Asks the endpoint, the ways local servers answer, for the model's context length; undefined if none says. */
export async function discoverContextLength(
  baseUrl: string,
  model: string,
  apiKey: string | undefined,
): Promise<number | undefined> {
  const root = rootOf(baseUrl)
  const attempts: (() => Promise<number | undefined>)[] = [
    async () => contextOfLlamaCppProps(await askJson(`${root}/props`, apiKey)),
    async () => contextOfOllamaShow(await askJson(`${root}/api/show`, apiKey, { model })),
    async () => contextOfLmStudioModel(await askJson(`${root}/api/v0/models/${encodeURIComponent(model)}`, apiKey)),
  ]
  for (const attempt of attempts) {
    // An endpoint that does not serve this route, or answers something else, simply does not tell.
    const length = await attempt().catch(() => undefined)
    if (length !== undefined) return length
  }
  return undefined
}

/** About four characters a token in English text and code; a few tokens more for each message's framing. */
export function estimateTokens(message: CompletionMessage): number {
  const calls = message.role === 'assistant' ? (message.tool_calls ?? []) : []
  const callsLength = calls.reduce((sum, call) => sum + call.function.name.length + call.function.arguments.length, 0)
  return Math.ceil((message.content.length + callsLength) / 4) + 4 + 4 * calls.length
}

export interface FittedMessages {
  messages: CompletionMessage[]
  estimatedTokens: number
  /** How many earlier messages were left out to fit. */
  omittedMessages: number
}

/**
 * Keeps what fits in `budgetTokens`: the system prompt and the newest message (with its attachments)
 * always, then the turns before it, newest first, until the next would not fit. Older turns go first.
 */
export function fitToContext(messages: CompletionMessage[], budgetTokens: number): FittedMessages {
  const system = messages[0]?.role === 'system' ? [messages[0]] : []
  const turns = messages.slice(system.length)
  const newest = turns.at(-1)
  let used = [...system, ...(newest ? [newest] : [])].reduce((sum, message) => sum + estimateTokens(message), 0)
  let kept = newest ? 1 : 0
  for (let index = turns.length - 2; index >= 0; index -= 1) {
    const cost = estimateTokens(turns[index]!)
    if (used + cost > budgetTokens) break
    used += cost
    kept += 1
  }
  // A reply must not open the history: a window that starts with an answer, or with the results of tool
  // calls whose request was left out, starts after them.
  let start = turns.length - kept
  while ((turns[start]?.role === 'assistant' || turns[start]?.role === 'tool') && start < turns.length - 1) {
    used -= estimateTokens(turns[start]!)
    start += 1
  }
  return { messages: [...system, ...turns.slice(start)], estimatedTokens: used, omittedMessages: start }
}
