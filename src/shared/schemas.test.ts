// The conversation file's schema against what Vigil itself writes into conversations.
import { describe, expect, it } from 'vitest'
import type { ChatMessage, Conversation } from './chat'
import { conversationSchema } from './schemas'

const answered: ChatMessage = {
  id: 'm2',
  role: 'assistant',
  content: 'Fine.',
  createdAt: 2,
  answer: {
    model: 'local-model',
    state: 'done',
    timeToFirstTokenMs: 120,
    tokensPerSecond: 31.5,
    engine: { pid: 4242, name: 'llama-server', cpuPct: 180.5, memBytes: 2_000_000_000 },
  },
}

describe('a stored conversation', () => {
  it('reads back with the local engine’s peaks and the earlier versions of its messages', () => {
    const conversation: Conversation = {
      id: 'c0123456789ab',
      title: 'Versions',
      systemPrompt: '',
      createdAt: 1,
      updatedAt: 3,
      messages: [
        { id: 'm1', role: 'user', content: 'How are you?', createdAt: 1 },
        {
          ...answered,
          versions: [{ content: 'Well.', createdAt: 1, answer: { model: 'other', state: 'done' }, following: [] }],
        },
      ],
    }
    expect(conversationSchema.parse(conversation)).toEqual(conversation)
  })

  it('still refuses a field it does not know, inside a version too', () => {
    const version = { content: 'Well.', createdAt: 1, following: [], extra: true }
    const conversation = {
      id: 'c0123456789ab',
      title: 'Versions',
      systemPrompt: '',
      createdAt: 1,
      updatedAt: 3,
      messages: [{ ...answered, versions: [version] }],
    }
    expect(conversationSchema.safeParse(conversation).success).toBe(false)
  })
})
