// The Markdown of a conversation export: a heading per message naming who spoke, and for an answer only the
// model and state it recorded.
import { describe, expect, it } from 'vitest'
import type { Conversation } from '../../shared/chat'
import { defaultCsvOptions } from '../../shared/export'
import { planChatExport } from './chatExport'

const t0 = Date.UTC(2026, 11, 4, 10, 0, 0)

function conversationWith(messages: Conversation['messages']): Conversation {
  return { id: 'c1', title: 'Disk', systemPrompt: '', createdAt: t0, updatedAt: t0, messages }
}

function markdownOf(conversation: Conversation): string {
  const store = {
    list: () => [{ id: conversation.id, title: conversation.title, updatedAt: t0, messageCount: 2 }],
    get: () => conversation,
    has: () => true,
  }
  const plan = planChatExport(store, { kind: 'chat', conversation: 'c1', format: 'markdown', csv: defaultCsvOptions })
  if (plan.format !== 'text') throw new Error('a Markdown export is text')
  return [...(plan.pieces() as Iterable<{ text: string }>)].map((piece) => piece.text).join('')
}

const question = { id: 'm1', role: 'user' as const, content: 'Why is the disk full?', createdAt: t0 }

describe('a Markdown chat export', () => {
  it('names the model and state of an answer that recorded them', () => {
    const text = markdownOf(
      conversationWith([
        question,
        {
          id: 'm2',
          role: 'assistant',
          content: 'The journal.',
          createdAt: t0,
          answer: { model: 'qwen', state: 'done' },
        },
      ]),
    )
    expect(text).toContain('## You, 2026-12-04T10:00:00.000Z\n')
    expect(text).toContain('## Assistant (qwen, done), 2026-12-04T10:00:00.000Z\n')
  })

  it('writes a clean heading for an answer with no model or no answer record', () => {
    const text = markdownOf(
      conversationWith([
        question,
        { id: 'm2', role: 'assistant', content: 'The journal.', createdAt: t0, answer: { model: '', state: 'done' } },
        { id: 'm3', role: 'assistant', content: 'Rotate it.', createdAt: t0 },
      ]),
    )
    expect(text).toContain('## Assistant (done), 2026-12-04T10:00:00.000Z\n')
    expect(text).toContain('## Assistant, 2026-12-04T10:00:00.000Z\n')
    expect(text).not.toMatch(/\(,|, \)/)
  })
})
