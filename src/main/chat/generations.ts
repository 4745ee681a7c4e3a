// Generations run in the core, not in a window: the tokens are kept by index, so a reload or a second
// window attaches from any index and misses nothing. Lifecycle: a generation starts with a send,
// regenerate or edit; it ends done, stopped or failed; it is kept `keepEndedMs` after its end for late
// re-attaches. Stop aborts the upstream request at once; so does a generation nobody has followed for
// `orphanTimeoutMs` (every window closed). With a tool box, an answer may go through rounds of tool calls
// first (see runToolRound): each call's result waits for the user's approval unless allowed, and Stop ends
// the loop at once, waiting or not.
import { randomBytes } from 'node:crypto'
import {
  defaultTimeouts,
  type AnswerMeta,
  type ChatAttachmentRecord,
  type ChatMessage,
  type EngineReading,
  type Conversation,
  type GenerationStatus,
  type StopReason,
  type ToolApproval,
  type ToolCallRecord,
  type ToolDecision,
  type ToolRound,
} from '../../shared/chat'
import { isOnThisMachine } from '../../shared/endpoints'
import type { ToolBox, ToolSpec } from '../../shared/tools'
import type { Logger } from '../logger'
import { redactText } from '../tools'
import { VigilError } from '../../shared/errors'
import { streamCompletion, type CompletionMessage, type CompletionOutcome } from './completion'
import type { AccumulatedToolCall } from './toolCallDeltas'
import {
  createToolLoopBounds,
  defaultToolLoopLimits,
  roundMessages,
  runToolCall,
  type ToolLoopBounds,
} from './toolRounds'
import type { ConversationStore } from './conversationStore'
import type { ModelCatalog } from './modelCatalog'
import { fitToContext } from './contextWindow'
import { createProviderSlots } from './providerSlots'
import { askForTitle, defaultTitle, titleFromWords } from './titles'
import { startEngineMeter, type EngineMeter } from './engineMeter'
import { replacing } from './messageVersions'
import type { RetryPolicy } from './retryPolicy'
import type { Providers } from './providers'
import { createEmitter, type Emitter } from '../../shared/emitter'

export interface GenerationToken {
  text: string
  /** A thinking model's reasoning: shown apart, kept with the answer, never sent back in the history. */
  isReasoning?: true
}

export type GenerationEvent =
  | ({ kind: 'token'; index: number } & GenerationToken)
  | { kind: 'status'; status: GenerationStatus }
  | { kind: 'tool-round'; round: number; content: string }
  | { kind: 'tool-call'; round: number; call: ToolCallRecord; isOffMachine: boolean }
  | { kind: 'notice'; text: string }
  | { kind: 'engine'; reading: EngineReading }
  | { kind: 'end'; answer: AnswerMeta }

export type GenerationAction =
  | { action: 'send'; content: string; attachments: ChatAttachmentRecord[] }
  | { action: 'regenerate' }
  | { action: 'edit'; messageId: string; content: string }
  /** Asks for the rest of the last answer, which was cut at the token limit; the rest is added to it. */
  | { action: 'continue' }

interface Generation {
  id: string
  conversationId: string
  tokens: GenerationToken[]
  answer: AnswerMeta | undefined
  controller: AbortController
  events: Emitter<GenerationEvent>
  orphanTimer: NodeJS.Timeout | undefined
  /** Why the conversation could not be saved with the user's message, once that is known. */
  saveError: Error | undefined
  /** Set with the abort: who or what stopped the answer. */
  stopReason: StopReason | undefined
  /** What it waits for before its first token; undefined once tokens come. */
  status: GenerationStatus | undefined
  /** Its rounds of tool calls so far, kept with the answer. */
  rounds: ToolRound[]
  /** What Vigil said about it in the conversation. */
  notices: string[]
  /** Calls whose result waits for the user, by call id: their tool's name, and what takes the decision. */
  waiting: Map<string, { name: string; decide(decision: ToolDecision): void }>
  /** Its endpoint is not on this machine: every call asks, and tools redact log text. */
  isOffMachine: boolean
}

export interface GenerationOptions {
  store: ConversationStore
  providers: Providers
  catalog: ModelCatalog
  logger: Logger
  /** Told of every answer as it ends (the Prometheus exporter counts them by model). */
  onAnswer?: (answer: AnswerMeta) => void
  /** Used when the provider sets none. */
  firstTokenTimeoutMs?: number
  stallTimeoutMs?: number
  orphanTimeoutMs?: number
  keepEndedMs?: number
  retryPolicy?: RetryPolicy
  /** Answers one provider gives at once; the others wait in order, shown as queued. */
  maxConcurrentPerProvider?: number
  /** The tools a model may call; none: no `tools` are sent. */
  tools?: ToolBox
  /** Whether calls for an endpoint on this machine send their results without asking (the user's setting). */
  toolsWithoutAsking?: () => boolean
  /** Rounds of tool calls in one answer (8 unless told). */
  maxToolRounds?: number
  /** Time one answer's tool calls may take, waiting for approvals not counted (5 minutes unless told). */
  toolTimeBudgetMs?: number
}

export interface Generations {
  /** Starts generation `generationId` (chosen by the client); resolves to the conversation with the user's message and the answer's placeholder. */
  start(conversationId: string, generationId: string, request: GenerationAction): Promise<Conversation>
  /** Replays tokens from `fromIndex`, then live ones, then the end; returns the unsubscribe. */
  follow(generationId: string, fromIndex: number, listener: (event: GenerationEvent) => void): () => void
  stop(generationId: string, reason?: StopReason): void
  /** The user's answer to a tool call whose result waits; throws for an unknown call or one already decided. */
  decide(generationId: string, callId: string, decision: ToolDecision): void
  has(generationId: string): boolean
  activeFor(conversationId: string): string | undefined
  /** Aborts every running generation; resolves once each has ended (its answer handed to the store). */
  dispose(): Promise<void>
}

const interruptedAnswer = (model: string): AnswerMeta => ({
  model,
  state: 'failed',
  failure: { code: 'dropped', message: 'Vigil stopped before this answer was complete.' },
})

/** What the model is sent for a user message: its attachments, exactly as the user saw them, then the text. */
function renderUserContent(message: Pick<ChatMessage, 'content' | 'attachments'>): string {
  const attached = (message.attachments ?? []).map(
    (attachment) => `Attached: ${attachment.title}\n\`\`\`\n${attachment.text}\n\`\`\``,
  )
  return [...attached, message.content].join('\n\n')
}

/**
 * What asks for the rest of an answer cut at the token limit. Sent after it, never kept: the answer that
 * comes is added to the cut one. (Continuing the assistant message itself works only on some servers.)
 */
const continueRequest = 'Continue exactly where your previous answer stopped. Do not repeat anything.'

/**
 * The conversation as the endpoint reads it. For an endpoint off this machine, earlier tool results pass the
 * redactor: a result allowed for an endpoint on this machine was not redacted, and the provider may have changed.
 */
function completionMessages(
  conversation: Conversation,
  isContinuing: boolean,
  isOffMachine: boolean,
): CompletionMessage[] {
  const messages: CompletionMessage[] = conversation.systemPrompt
    ? [{ role: 'system', content: conversation.systemPrompt }]
    : []
  for (const message of conversation.messages) {
    if (message.role === 'user') {
      messages.push({ role: 'user', content: renderUserContent(message) })
      continue
    }
    for (const round of message.toolRounds ?? [])
      messages.push(...roundMessages(round, isOffMachine ? redactText : undefined))
    if (message.content) messages.push({ role: 'assistant', content: message.content })
  }
  if (isContinuing) messages.push({ role: 'user', content: continueRequest })
  return messages
}

function textOf(tokens: GenerationToken[], isReasoning: boolean): string {
  let text = ''
  for (const token of tokens) if ((token.isReasoning === true) === isReasoning) text += token.text
  return text
}

function applyAction(conversation: Conversation, request: GenerationAction): ChatMessage[] {
  const messages = conversation.messages
  switch (request.action) {
    case 'continue':
      if (messages.at(-1)?.answer?.state !== 'length')
        throw new VigilError(
          'conflict',
          'There is nothing to continue: the last answer was not cut at the token limit.',
        )
      return messages
    case 'send':
      return [
        ...messages,
        {
          id: `m${randomBytes(6).toString('hex')}`,
          role: 'user',
          content: request.content,
          createdAt: Date.now(),
          ...(request.attachments.length > 0 ? { attachments: request.attachments } : {}),
        },
      ]
    case 'regenerate':
      if (messages.at(-1)?.role !== 'assistant')
        throw new VigilError('conflict', 'There is no answer to regenerate: the conversation does not end with one.')
      return messages.slice(0, -1)
    case 'edit': {
      const index = messages.findIndex((message) => message.id === request.messageId && message.role === 'user')
      if (index < 0)
        throw new VigilError(
          'not_found',
          `There is no message of yours with id ${request.messageId} in this conversation.`,
        )
      const edited = { ...messages[index]!, content: request.content, createdAt: Date.now() }
      return [...messages.slice(0, index), replacing(edited, messages[index]!, messages.slice(index + 1))]
    }
  }
}

export function createGenerations(options: GenerationOptions): Generations {
  const {
    store,
    providers,
    catalog,
    logger,
    firstTokenTimeoutMs = defaultTimeouts.firstTokenTimeoutSeconds * 1000,
    stallTimeoutMs = defaultTimeouts.stallTimeoutSeconds * 1000,
    orphanTimeoutMs = 30_000,
    keepEndedMs = 5 * 60_000,
    retryPolicy,
    maxConcurrentPerProvider = 4,
    tools,
    toolsWithoutAsking = () => false,
    maxToolRounds = defaultToolLoopLimits.maxRounds,
    toolTimeBudgetMs = defaultToolLoopLimits.timeBudgetMs,
    onAnswer,
  } = options
  const slots = createProviderSlots(maxConcurrentPerProvider)
  /** Providers whose endpoint refused `stream_options`: not sent to them again while the core runs. */
  const refusingStreamOptions = new Set<string>()
  const generations = new Map<string, Generation>()
  const timers = new Set<NodeJS.Timeout>()
  const running = new Set<Promise<void>>()
  /** Aborts title requests still out when the core stops. */
  const titlesController = new AbortController()

  function find(id: string): Generation {
    const generation = generations.get(id)
    if (!generation)
      throw new VigilError(
        'not_found',
        `There is no generation ${id} (it ended more than a few minutes ago, or Vigil restarted).`,
      )
    return generation
  }

  function emit(generation: Generation, event: GenerationEvent): void {
    generation.events.emit(event)
  }

  function setStatus(generation: Generation, status: GenerationStatus | undefined): void {
    generation.status = status
    if (status) emit(generation, { kind: 'status', status })
  }

  function abort(generation: Generation, reason: StopReason): void {
    generation.stopReason ??= reason
    generation.controller.abort()
  }

  /** Says something about the answer in the conversation: kept with it, and sent to its followers. */
  function notify(generation: Generation, text: string): void {
    generation.notices.push(text)
    emit(generation, { kind: 'notice', text })
  }

  /** Resolves with the user's decision on a call, or 'stopped' once the generation is stopped. */
  function decisionOn(generation: Generation, call: ToolCallRecord): Promise<ToolDecision | 'stopped'> {
    const { signal } = generation.controller
    return new Promise((resolve) => {
      if (signal.aborted) return resolve('stopped')
      const settle = (decision: ToolDecision | 'stopped') => {
        signal.removeEventListener('abort', onAbort)
        generation.waiting.delete(call.id)
        resolve(decision)
      }
      const onAbort = () => settle('stopped')
      signal.addEventListener('abort', onAbort, { once: true })
      generation.waiting.set(call.id, { name: call.name, decide: settle })
    })
  }

  /**
   * One round of tool calls, run side by side. Each read-only tool runs first; its result then goes to the
   * model at once when nothing of the machine is in it (an error), or when the setting or the
   * conversation allows the tool on an endpoint on this machine; otherwise it waits, shown, for the user.
   */
  async function runToolRound(
    generation: Generation,
    calls: AccumulatedToolCall[],
    content: string,
    allowedTools: Set<string>,
    bounds: ToolLoopBounds,
  ): Promise<ToolRound> {
    const round: ToolRound = { content, calls: calls.map((call) => ({ ...call, state: 'running' })) }
    const index = generation.rounds.push(round) - 1
    const { isOffMachine } = generation
    emit(generation, { kind: 'tool-round', round: index, content })
    const update = (position: number, changes: Partial<ToolCallRecord>): ToolCallRecord => {
      const call = (round.calls[position] = { ...round.calls[position]!, ...changes })
      emit(generation, { kind: 'tool-call', round: index, call, isOffMachine })
      return call
    }
    const send = (position: number, approval: ToolApproval) => update(position, { state: 'sent', approval })
    await Promise.all(
      round.calls.map(async (call, position) => {
        emit(generation, { kind: 'tool-call', round: index, call, isOffMachine })
        const { result, hasToolRun } = await runToolCall(tools!, call, {
          isOffMachine,
          signal: generation.controller.signal,
        })
        if (generation.controller.signal.aborted) return update(position, { state: 'stopped', result })
        // A tool's own error may name what is on this machine (its log sources, say): it is asked like a result.
        if (!hasToolRun) return update(position, { state: 'sent', result, approval: 'error' })
        if (!isOffMachine && toolsWithoutAsking())
          return update(position, { state: 'sent', result, approval: 'setting' })
        if (!isOffMachine && allowedTools.has(call.name))
          return update(position, { state: 'sent', result, approval: 'conversation' })
        const waiting = update(position, { state: 'awaiting', result })
        const waitingSince = performance.now()
        const decision = await decisionOn(generation, waiting)
        bounds.addWaiting(performance.now() - waitingSince)
        if (decision === 'stopped') return update(position, { state: 'stopped' })
        if (decision === 'deny') return update(position, { state: 'denied' })
        if (decision === 'conversation') allowedTools.add(call.name)
        return send(position, decision)
      }),
    )
    return round
  }

  function watchForOrphan(generation: Generation): void {
    clearTimeout(generation.orphanTimer)
    if (generation.events.listenerCount > 0 || generation.answer) return
    generation.orphanTimer = setTimeout(() => abort(generation, 'no-window'), orphanTimeoutMs)
  }

  /** `conversation` holds the messages to answer; the answer fills `messageId`, after its `prefix` (a continued answer's first part). */
  async function run(
    generation: Generation,
    conversation: Conversation,
    messageId: string,
    prefix: string,
  ): Promise<void> {
    let model = conversation.model ?? ''
    const startedAt = performance.now()
    let firstTokenAt: number | undefined
    let answer: AnswerMeta
    let context: AnswerMeta['context']
    /** The provider whose slot this generation holds, to give back at its end. */
    let heldSlotOf: string | undefined
    /** Where the current round's tokens begin: the answer's text is what came after the last round. */
    let roundStart = 0
    let refusedTools = false
    /** Time between requests (tools running, the user deciding): not part of the streaming rate. */
    let pausedMs = 0
    const allowedTools = new Set(conversation.allowedTools)
    let meter: EngineMeter | undefined
    try {
      if (!conversation.providerId)
        throw new VigilError('bad_request', 'This conversation has no provider: choose one in its settings.')
      const providerId = conversation.providerId
      const { config, apiKey } = await providers.connection(providerId)
      model = await catalog.resolve(providerId, conversation.model)
      generation.isOffMachine = !isOnThisMachine(config.baseUrl)
      const history = completionMessages(conversation, prefix !== '', generation.isOffMachine)
      const limitTokens = await catalog.contextLength(providerId, model)
      // Room for the answer: what max tokens asks for, else a quarter of the context (at most 1,024 tokens).
      const fitted =
        limitTokens === undefined
          ? undefined
          : fitToContext(history, limitTokens - (config.maxTokens ?? Math.min(1024, Math.floor(limitTokens / 4))))
      if (fitted && limitTokens !== undefined)
        context = { limitTokens, estimatedTokens: fitted.estimatedTokens, omittedMessages: fitted.omittedMessages }
      heldSlotOf = (await slots.acquire(providerId, generation.controller.signal, (ahead) =>
        setStatus(generation, { state: 'queued', ahead }),
      ))
        ? providerId
        : undefined
      if (heldSlotOf !== undefined) setStatus(generation, { state: 'requesting' })
      // Stopped while queued: nothing was sent.
      let outcome: CompletionOutcome = { state: 'stopped' }
      let messages = fitted?.messages ?? history
      if (!generation.isOffMachine)
        meter = startEngineMeter(config.baseUrl, (reading) => emit(generation, { kind: 'engine', reading }))
      let specs: ToolSpec[] | undefined =
        tools && conversation.tools !== false && !conversation.toolsUnsupported ? tools.specs() : undefined
      /** After the loop's bounds: the last request asks for an answer without more calls. */
      let isFinalRequest = false
      const bounds = createToolLoopBounds({ maxRounds: maxToolRounds, timeBudgetMs: toolTimeBudgetMs })
      while (heldSlotOf !== undefined) {
        outcome = await streamCompletion({
          baseUrl: config.baseUrl,
          apiKey,
          model,
          messages,
          maxTokens: config.maxTokens,
          temperature: conversation.temperature,
          signal: generation.controller.signal,
          firstTokenTimeoutMs: (config.firstTokenTimeoutSeconds ?? 0) * 1000 || firstTokenTimeoutMs,
          stallTimeoutMs: (config.stallTimeoutSeconds ?? 0) * 1000 || stallTimeoutMs,
          endpointName: config.name,
          logger,
          retryPolicy,
          onRetry: (notice) => setStatus(generation, { state: 'retrying', ...notice }),
          isStreamOptionsRefused: refusingStreamOptions.has(providerId),
          onStreamOptionsRefused() {
            refusingStreamOptions.add(providerId)
            logger.info('chat', `${config.name} refused stream_options; it is sent without them from now on`)
          },
          ...(specs && specs.length > 0 ? { tools: specs, isToolChoiceNone: isFinalRequest } : {}),
          onToolsRefused(reason) {
            specs = undefined
            refusedTools = true
            notify(
              generation,
              `${model} at ${config.name} does not take tools (it said: ${reason}): this conversation goes on without them.`,
            )
          },
          onToken(text, isReasoning) {
            if (firstTokenAt === undefined) {
              firstTokenAt = performance.now()
              generation.status = undefined
            }
            const token: GenerationToken = isReasoning ? { text, isReasoning } : { text }
            generation.tokens.push(token)
            emit(generation, { kind: 'token', index: generation.tokens.length - 1, ...token })
          },
        })
        // Some servers end a call with "stop" rather than "tool_calls": the calls count, not the reason.
        const calls = outcome.state === 'tool-calls' || outcome.state === 'done' ? outcome.toolCalls : undefined
        if (!calls || !specs || isFinalRequest) break
        const content = textOf(generation.tokens.slice(roundStart), false)
        roundStart = generation.tokens.length
        // The provider's slot goes to other answers while the tools run and the user decides.
        slots.release(providerId)
        heldSlotOf = undefined
        const pausedAt = performance.now()
        const round = await runToolRound(generation, calls, content, allowedTools, bounds)
        heldSlotOf = (await slots.acquire(providerId, generation.controller.signal, (ahead) =>
          setStatus(generation, { state: 'queued', ahead }),
        ))
          ? providerId
          : undefined
        pausedMs += performance.now() - pausedAt
        if (heldSlotOf === undefined || generation.controller.signal.aborted) {
          outcome = { state: 'stopped' }
          break
        }
        messages = [...messages, ...roundMessages(round)]
        const limit = bounds.afterRound()
        if (limit !== undefined) {
          notify(generation, limit)
          isFinalRequest = true
        }
        setStatus(generation, { state: 'requesting' })
      }
      answer = {
        model,
        state: outcome.state,
        ...(outcome.state === 'failed' ? { failure: outcome.failure } : {}),
        ...('finishReason' in outcome ? { finishReason: outcome.finishReason } : {}),
        ...(outcome.state === 'stopped' ? { stopReason: generation.stopReason ?? 'user' } : {}),
        ...(outcome.usage ? { usage: outcome.usage } : {}),
        ...(context ? { context } : {}),
      }
    } catch (error) {
      // Only a setup problem (no provider, no model) is thrown here; streamCompletion turns every upstream failure into an outcome.
      const code = error instanceof VigilError ? 'not-configured' : 'internal'
      if (code === 'internal')
        logger.error('chat', `generation ${generation.id} failed: ${(error as Error).stack ?? String(error)}`)
      answer = { model, state: 'failed', failure: { code, message: (error as Error).message } }
    } finally {
      if (heldSlotOf !== undefined) slots.release(heldSlotOf)
    }
    const engine = meter?.stop()
    if (engine) answer.engine = engine
    const endedAt = performance.now()
    if (firstTokenAt !== undefined) {
      answer.timeToFirstTokenMs = Math.round(firstTokenAt - startedAt)
      const streamingSeconds = (endedAt - firstTokenAt - pausedMs) / 1000
      if (generation.tokens.length > 1 && streamingSeconds > 0)
        answer.tokensPerSecond = Math.round(((generation.tokens.length - 1) / streamingSeconds) * 10) / 10
    }
    const content = prefix + textOf(generation.tokens.slice(roundStart), false)
    const reasoning = textOf(generation.tokens, true)
    const { saveError } = generation
    if (saveError) {
      answer = {
        ...answer,
        state: 'failed',
        failure: {
          code: 'not-saved',
          message: `Vigil could not save this conversation (${saveError.message}); the message was not kept.`,
        },
      }
    } else if (store.has(conversation.id)) {
      // A conversation deleted while it answered has nothing left to keep the answer in.
      const latest = store.get(conversation.id)
      const messages = latest.messages.map((message) =>
        message.id === messageId
          ? {
              ...message,
              content,
              answer,
              ...(reasoning ? { reasoning: (message.reasoning ?? '') + reasoning } : {}),
              ...(generation.rounds.length > 0
                ? { toolRounds: [...(message.toolRounds ?? []), ...generation.rounds] }
                : {}),
              ...(generation.notices.length > 0
                ? { notices: [...(message.notices ?? []), ...generation.notices] }
                : {}),
            }
          : message,
      )
      // The store shows the answer to readers at once; the end goes out without waiting for the file's fsync.
      store
        .save({
          ...latest,
          messages,
          ...(allowedTools.size > 0 ? { allowedTools: [...allowedTools] } : {}),
          ...(refusedTools ? { toolsUnsupported: true } : {}),
        })
        .catch((error: Error) => logger.error('chat', `the answer could not be saved: ${error.message}`))
    }
    if (answer.state === 'done' && conversation.title === defaultTitle && conversation.messages.length === 1)
      track(giveTitle(conversation, content, model))
    generation.answer = answer
    clearTimeout(generation.orphanTimer)
    emit(generation, { kind: 'end', answer })
    onAnswer?.(answer)
    const forget = setTimeout(() => {
      timers.delete(forget)
      generations.delete(generation.id)
    }, keepEndedMs)
    timers.add(forget)
  }

  /** Keeps a background task until it ends, so that dispose() waits for it. */
  function track(task: Promise<void>): void {
    running.add(task)
    void task.finally(() => running.delete(task))
  }

  /** Titles a conversation after its first answer: by the model (unless its provider says not to), else by its first words. */
  async function giveTitle(conversation: Conversation, answer: string, model: string): Promise<void> {
    const question = conversation.messages[0]?.content ?? ''
    let title: string | undefined
    try {
      const { config, apiKey } = await providers.connection(conversation.providerId ?? '')
      if (config.makesTitles !== false)
        title = await askForTitle({
          baseUrl: config.baseUrl,
          apiKey,
          model,
          question,
          answer,
          signal: titlesController.signal,
          logger,
        })
    } catch (error) {
      // The first words serve instead: a title is a convenience, not worth a failure the user must read.
      logger.info('chat', `no title from the model: ${(error as Error).message}`)
    }
    if (!store.has(conversation.id) || store.get(conversation.id).title !== defaultTitle) return
    await store
      .save({ ...store.get(conversation.id), title: title ?? titleFromWords(question) })
      .catch((error: Error) => logger.error('chat', `the title could not be saved: ${error.message}`))
  }

  return {
    async start(conversationId, generationId, request) {
      if (generations.has(generationId))
        throw new VigilError('conflict', `The generation id ${generationId} is already in use: start with a new one.`)
      if (
        [...generations.values()].some(
          (generation) => generation.conversationId === conversationId && !generation.answer,
        )
      ) {
        throw new VigilError('conflict', 'This conversation is still answering: stop it first.')
      }
      const current = store.get(conversationId)
      const messages = applyAction(current, request)
      const continued = request.action === 'continue' ? messages.at(-1) : undefined
      const assistant: ChatMessage = {
        id: continued?.id ?? `m${randomBytes(6).toString('hex')}`,
        role: 'assistant',
        content: continued?.content ?? '',
        ...(continued?.reasoning ? { reasoning: continued.reasoning } : {}),
        createdAt: continued?.createdAt ?? Date.now(),
        answer: interruptedAnswer(current.model ?? ''),
        ...(continued?.versions ? { versions: continued.versions } : {}),
      }
      // A regenerated answer keeps the one it replaces among its versions.
      const replaced = request.action === 'regenerate' ? current.messages.at(-1) : undefined
      // The upstream request starts, and the caller gets its answer, while the conversation is being saved
      // (an fsync costs milliseconds, tens of them on a busy disk, that neither the first token nor the end
      // should wait for: the store's writes keep their order, so the answer's save follows this one). If
      // this save fails while the answer runs, the generation stops and its end says why.
      const conversation: Conversation = {
        ...current,
        messages: continued
          ? [...messages.slice(0, -1), assistant]
          : [...messages, replaced ? replacing(assistant, replaced, []) : assistant],
      }
      const generation: Generation = {
        id: generationId,
        conversationId,
        tokens: [],
        answer: undefined,
        controller: new AbortController(),
        events: createEmitter<GenerationEvent>(),
        orphanTimer: undefined,
        saveError: undefined,
        stopReason: undefined,
        status: undefined,
        rounds: [],
        notices: [],
        waiting: new Map(),
        isOffMachine: false,
      }
      generations.set(generation.id, generation)
      watchForOrphan(generation)
      store.save(conversation).catch((error: Error) => {
        generation.saveError = error
        if (generation.answer) logger.error('chat', `the conversation could not be saved: ${error.message}`)
        else generation.controller.abort()
      })
      track(run(generation, { ...current, messages }, assistant.id, continued?.content ?? ''))
      return conversation
    },
    follow(generationId, fromIndex, listener) {
      const generation = find(generationId)
      generation.tokens
        .slice(fromIndex)
        .forEach((token, offset) => listener({ kind: 'token', index: fromIndex + offset, ...token }))
      const { isOffMachine } = generation
      generation.rounds.forEach((round, index) => {
        listener({ kind: 'tool-round', round: index, content: round.content })
        for (const call of round.calls) listener({ kind: 'tool-call', round: index, call, isOffMachine })
      })
      for (const text of generation.notices) listener({ kind: 'notice', text })
      if (generation.answer) {
        listener({ kind: 'end', answer: generation.answer })
        return () => undefined
      }
      if (generation.status) listener({ kind: 'status', status: generation.status })
      const unsubscribe = generation.events.on(listener)
      watchForOrphan(generation)
      return () => {
        unsubscribe()
        watchForOrphan(generation)
      }
    },
    stop(generationId, reason = 'user') {
      abort(find(generationId), reason)
    },
    decide(generationId, callId, decision) {
      const generation = find(generationId)
      const call = generation.rounds.flatMap((round) => round.calls).findLast((each) => each.id === callId)
      if (!call) throw new VigilError('not_found', `Generation ${generationId} has no tool call ${callId}.`)
      const waiting = generation.waiting.get(callId)
      if (!waiting)
        throw new VigilError(
          'conflict',
          call.state === 'running'
            ? `The tool of call ${callId} is still running: its result is shown for a decision once it is there.`
            : `The tool call ${callId} does not wait for a decision: it is ${call.state}.`,
        )
      if (decision === 'conversation' && generation.isOffMachine)
        throw new VigilError(
          'bad_request',
          'Tool calls for an endpoint off this machine always ask: allow this one once, or deny it.',
        )
      waiting.decide(decision)
      // Allowing a tool for the conversation allows its other calls that wait in this round too.
      if (decision === 'conversation')
        for (const other of [...generation.waiting.values()]) if (other.name === waiting.name) other.decide(decision)
    },
    has: (generationId) => generations.has(generationId),
    activeFor(conversationId) {
      return [...generations.values()].find(
        (generation) => generation.conversationId === conversationId && !generation.answer,
      )?.id
    },
    async dispose() {
      for (const generation of generations.values()) {
        clearTimeout(generation.orphanTimer)
        abort(generation, 'shutdown')
      }
      titlesController.abort()
      // Titles run after their answer's end: a new one may start while the last answers end.
      while (running.size > 0) await Promise.all(running)
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
  }
}
