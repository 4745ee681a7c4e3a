// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { chatRoutes, type Conversation, type ConversationSummary } from '../../../../shared/chat'
import { fakeCore, refusal, type SentRequest } from '../../testing/fakeCore'
import {
  createConversation,
  deleteConversation,
  followChat,
  openConversation,
  resetChatStore,
  saveConversation,
  setSearch,
  stopGeneration,
  useChatStore,
} from './chatStore'

const lastOpenKey = 'vigil.chat.lastConversation'
const conversation = (id: string, title = 'Disk usage'): Conversation => ({
  id,
  title,
  systemPrompt: '',
  createdAt: 1_800_000_000_000,
  updatedAt: 1_800_000_000_000,
  messages: [{ id: 'm1', role: 'user', content: 'Why is the disk full?', createdAt: 1_800_000_000_000 }],
})
const summaryOf = ({ id, title, updatedAt }: Conversation): ConversationSummary => ({
  id,
  title,
  updatedAt,
  messageCount: 1,
})

/** A core holding `held` conversations; every request is answered as the core would. */
function fakeChatCore(held: Conversation[]): SentRequest[] {
  return fakeCore((request) => {
    const id = new URLSearchParams(request.path.split('?')[1]).get('id') ?? ''
    const found = held.find((candidate) => candidate.id === id)
    if (request.path.startsWith(chatRoutes.conversations)) {
      if (request.method === 'POST') {
        const created = conversation('c2', (request.body as { title?: string }).title)
        held.push(created)
        return Response.json(created)
      }
      return Response.json({ conversations: held.map(summaryOf), problems: [] })
    }
    if (request.path.startsWith(chatRoutes.stop)) return Response.json({ stopped: 'g1' })
    if (!found) return refusal(404, 'not_found', `There is no conversation ${id}.`)
    if (request.method === 'GET') return Response.json({ conversation: found })
    if (request.method === 'PUT') return Response.json({ ...found, ...(request.body as object), messages: [] })
    held.splice(held.indexOf(found), 1)
    return Response.json({ removed: id })
  })
}

const calls = (sent: SentRequest[]) => sent.map(({ method, path }) => `${method} ${path}`)

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  localStorage.clear()
  resetChatStore()
  history.replaceState(null, '', '#')
})

describe('the chat store', () => {
  it('lists the conversations and reopens the one open last, kept across reloads', async () => {
    fakeChatCore([conversation('c1')])
    localStorage.setItem(lastOpenKey, 'c1')
    const stop = followChat()
    await vi.waitFor(() => expect(useChatStore.getState().conversation?.id).toBe('c1'))
    await vi.waitFor(() => expect(useChatStore.getState().summaries).toHaveLength(1))
    stop()
    expect(useChatStore.getState().conversation).toBeUndefined()
  })

  it('opens the conversation the address names before the last one, and writes the one opened there', async () => {
    fakeChatCore([conversation('c1'), conversation('c3', 'Memory')])
    localStorage.setItem(lastOpenKey, 'c1')
    history.replaceState(null, '', '#view=chat&conversation=c3')
    const stop = followChat()
    await vi.waitFor(() => expect(useChatStore.getState().conversation?.id).toBe('c3'))
    await openConversation('c1')
    expect(location.hash).toBe('#view=chat&conversation=c1')
    await deleteConversation('c1')
    expect(location.hash).toBe('#view=chat')
    stop()
  })

  it('forgets a last conversation that no longer exists, with no error to show', async () => {
    fakeChatCore([])
    localStorage.setItem(lastOpenKey, 'gone')
    await openConversation('gone')
    expect(localStorage.getItem(lastOpenKey)).toBeNull()
    expect(useChatStore.getState().actionError).toBeUndefined()
  })

  it('creates a conversation, lists it and opens it, with the search cleared', async () => {
    const sent = fakeChatCore([])
    useChatStore.setState({ search: 'disk' })
    expect(await createConversation({ title: 'New' })).toBe(true)
    expect(useChatStore.getState()).toMatchObject({ search: '', conversation: { id: 'c2', title: 'New' } })
    expect(useChatStore.getState().summaries.map((summary) => summary.id)).toEqual(['c2'])
    expect(calls(sent)).toEqual([
      `POST ${chatRoutes.conversations}`,
      `GET ${chatRoutes.conversations}`,
      `GET ${chatRoutes.conversation}?id=c2`,
    ])
    expect(localStorage.getItem(lastOpenKey)).toBe('c2')
  })

  it('saves the settings of the open conversation and keeps its messages as shown', async () => {
    fakeChatCore([conversation('c1')])
    await openConversation('c1')
    expect(await saveConversation({ title: 'Renamed', model: 'qwen' })).toBe(true)
    expect(useChatStore.getState().conversation).toMatchObject({ title: 'Renamed', model: 'qwen' })
    expect(useChatStore.getState().conversation?.messages).toHaveLength(1)
  })

  it('deletes the open conversation and leaves it; a refusal is said in the core’s words', async () => {
    fakeChatCore([conversation('c1')])
    await openConversation('c1')
    await deleteConversation('c1')
    expect(useChatStore.getState().conversation).toBeUndefined()
    expect(localStorage.getItem(lastOpenKey)).toBeNull()
    await deleteConversation('c1')
    expect(useChatStore.getState().actionError).toBe(
      'The conversation could not be deleted: There is no conversation c1.',
    )
  })

  it('searches once the typing pauses, for the text as it is then', async () => {
    vi.useFakeTimers()
    const sent = fakeChatCore([conversation('c1')])
    setSearch('d')
    setSearch('disk')
    await vi.advanceTimersByTimeAsync(200)
    expect(calls(sent)).toEqual([`GET ${chatRoutes.conversations}?search=disk`])
    await vi.waitFor(() => expect(useChatStore.getState().summaries).toHaveLength(1))
  })

  it('asks the core to stop the running answer', async () => {
    const sent = fakeChatCore([])
    await stopGeneration()
    useChatStore.setState({ generation: { id: 'g1', messageId: 'm2', prefix: '' } })
    await stopGeneration()
    expect(calls(sent)).toEqual([`POST ${chatRoutes.stop}?generation=g1`])
  })

  it('resets with no search waiting: nothing is asked of the core after it', async () => {
    vi.useFakeTimers()
    const sent = fakeChatCore([])
    setSearch('disk')
    resetChatStore()
    await vi.advanceTimersByTimeAsync(1000)
    expect(sent).toEqual([])
    expect(useChatStore.getState()).toMatchObject({ search: '', summaries: [], conversation: undefined })
  })
})
