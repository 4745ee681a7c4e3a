// @vitest-environment happy-dom
// The Chat store with tool calls on the answer's stream: the live answer keeps each round and each call's
// newest state apart from its text, a decision goes to the core's route, and the ended answer keeps both.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { chatRoutes, type Conversation, type ToolCallRecord } from '../../../../shared/chat'
import { eventStream, fakeCore } from '../../testing/fakeCore'
import { decideToolCall, generate, openConversation, resetChatStore, useChatStore } from './chatStore'
import { liveAnswer, textAfterRounds } from './liveAnswer'

const question = { id: 'm1', role: 'user' as const, content: 'What fills the disk?', createdAt: 1_800_000_000_000 }
const placeholder = { id: 'm2', role: 'assistant' as const, content: '', createdAt: 1_800_000_000_001 }
const conversation: Conversation = {
  id: 'c1',
  title: 'Disk',
  systemPrompt: '',
  createdAt: 1_800_000_000_000,
  updatedAt: 1_800_000_000_000,
  messages: [question],
}
const call: ToolCallRecord = { id: 'call_1', name: 'list_files', arguments: '{}', state: 'running' }
const result = { text: 'app.log: 38 bytes', isCut: false, isError: false }

afterEach(() => {
  resetChatStore()
  vi.unstubAllGlobals()
})

describe('tool calls in the Chat store', () => {
  it('keeps rounds and calls apart from the text, sends a decision, and keeps both in the ended answer', async () => {
    let isDecided = false
    const sent = fakeCore((request) => {
      if (request.path.startsWith(chatRoutes.toolDecision)) {
        isDecided = true
        return Response.json({ decided: 'call_1', decision: 'once' })
      }
      if (request.path.startsWith(chatRoutes.generate)) {
        const before = [
          { event: 'started', data: { conversation: { ...conversation, messages: [question, placeholder] } } },
          { event: 'token', data: { index: 0, text: 'Let me look.' } },
          { event: 'tool-round', data: { round: 0, content: 'Let me look.' } },
          { event: 'tool-call', data: { round: 0, call, isOffMachine: false } },
          { event: 'tool-call', data: { round: 0, call: { ...call, state: 'awaiting', result }, isOffMachine: false } },
        ]
        return eventStream(before, request.signal)
      }
      return Response.json({ conversation })
    })
    await openConversation('c1')
    await generate({ action: 'send', content: 'What fills the disk?', attachments: [] })
    await vi.waitFor(() => expect(liveAnswer()?.toolRounds[0]?.calls[0]?.state).toBe('awaiting'))
    const live = liveAnswer()!
    expect(live.toolRounds).toEqual([{ content: 'Let me look.', calls: [{ ...call, state: 'awaiting', result }] }])
    expect(textAfterRounds(live)).toBe('')
    await decideToolCall('call_1', 'once')
    expect(isDecided).toBe(true)
    expect(sent.at(-1)).toMatchObject({
      method: 'POST',
      path: `${chatRoutes.toolDecision}?generation=${useChatStore.getState().generation!.id}&call=call_1`,
      body: { decision: 'once' },
    })
  })

  it('gives the ended answer its rounds, its notices and only the text after the last round', async () => {
    const sent = { ...call, state: 'sent' as const, result, approval: 'once' as const }
    fakeCore((request) =>
      request.path.startsWith(chatRoutes.generate)
        ? eventStream(
            [
              { event: 'started', data: { conversation: { ...conversation, messages: [question, placeholder] } } },
              { event: 'token', data: { index: 0, text: 'Let me look.' } },
              { event: 'tool-round', data: { round: 0, content: 'Let me look.' } },
              { event: 'tool-call', data: { round: 0, call: sent, isOffMachine: false } },
              { event: 'notice', data: { text: 'The rounds limit was reached.' } },
              { event: 'token', data: { index: 1, text: 'The folder holds app.log.' } },
              { event: 'end', data: { model: 'test-model', state: 'done' } },
            ],
            request.signal,
          )
        : Response.json({ conversation }),
    )
    await openConversation('c1')
    await generate({ action: 'send', content: 'What fills the disk?', attachments: [] })
    await vi.waitFor(() => expect(useChatStore.getState().generation).toBeUndefined())
    expect(useChatStore.getState().conversation!.messages.at(-1)).toMatchObject({
      id: 'm2',
      content: 'The folder holds app.log.',
      toolRounds: [{ content: 'Let me look.', calls: [sent] }],
      notices: ['The rounds limit was reached.'],
      answer: { state: 'done' },
    })
  })
})
