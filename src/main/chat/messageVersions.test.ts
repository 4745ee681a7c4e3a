import { describe, expect, it } from 'vitest'
import { versionPosition, type ChatMessage } from '../../shared/chat'
import { replacing, showingVersion, withoutMessage } from './messageVersions'

const user = (id: string, content: string, createdAt: number): ChatMessage => ({ id, role: 'user', content, createdAt })
const answer = (id: string, content: string, createdAt: number): ChatMessage => ({
  id,
  role: 'assistant',
  content,
  createdAt,
  answer: { model: 'm', state: 'done' },
})

describe('message versions', () => {
  it('keep every regenerated answer, and show any of them', () => {
    const question = user('m1', 'why?', 1)
    const first = answer('m2', 'first', 2)
    const second = replacing(answer('m3', 'second', 3), first, [])
    const third = replacing(answer('m4', 'third', 4), second, [])
    expect(versionPosition(third)).toEqual({ position: 3, count: 3 })

    const shownFirst = showingVersion([question, third], 'm4', 1)
    expect(shownFirst.map((message) => message.content)).toEqual(['why?', 'first'])
    expect(shownFirst[1]).toMatchObject({ id: 'm4', role: 'assistant', answer: { state: 'done' } })
    expect(versionPosition(shownFirst[1]!)).toEqual({ position: 1, count: 3 })
    const back = showingVersion(shownFirst, 'm4', 3)
    expect(back[1]!.content).toBe('third')
    expect(versionPosition(back[1]!)).toEqual({ position: 3, count: 3 })
    expect(back[1]!.versions!.map((version) => version.content)).toEqual(['first', 'second'])
  })

  it('keep an edited question with the conversation that followed it, and bring that back', () => {
    const original = [user('m1', 'one', 1), answer('m2', 'answer one', 2), user('m3', 'two', 3), answer('m4', 'a2', 4)]
    const edited = [
      replacing({ ...original[0]!, content: 'one, edited', createdAt: 5 }, original[0]!, original.slice(1)),
    ]
    expect(versionPosition(edited[0]!)).toEqual({ position: 2, count: 2 })
    const restored = showingVersion([...edited, answer('m5', 'answer edited', 6)], 'm1', 1)
    expect(restored.map((message) => message.content)).toEqual(['one', 'answer one', 'two', 'a2'])
    const again = showingVersion(restored, 'm1', 2)
    expect(again.map((message) => message.content)).toEqual(['one, edited', 'answer edited'])
  })

  it('refuse a version or a message that does not exist, and delete one message alone', () => {
    const messages = [user('m1', 'one', 1), answer('m2', 'a', 2)]
    expect(() => showingVersion(messages, 'm2', 2)).toThrow('version must be at most 1: this message has 1 version.')
    expect(() => showingVersion(messages, 'm9', 1)).toThrow('There is no message m9 in this conversation.')
    expect(withoutMessage(messages, 'm1')).toEqual([messages[1]])
    expect(() => withoutMessage(messages, 'm9')).toThrow(/no message m9/)
  })
})
