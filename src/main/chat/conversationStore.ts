// Conversations, one JSON file each in <data>/conversations, every write atomic. At start every file is
// read; one that cannot be parsed is moved aside (and reported), and the others still load.
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Conversation, ConversationSummary } from '../../shared/chat'
import { conversationSchema } from '../../shared/schemas'
import type { Logger } from '../logger'
import { VigilError } from '../../shared/errors'
import { createJsonFileSaver, loadJsonFile, removeStaleTemporaryFiles } from '../storage/jsonFile'

export interface ConversationStore {
  list(search?: string): ConversationSummary[]
  get(id: string): Conversation
  has(id: string): boolean
  /** Every conversation held, one after another, without copying the list. */
  all(): Iterable<Conversation>
  create(
    fields: Pick<Conversation, 'title' | 'providerId' | 'model' | 'systemPrompt' | 'temperature'>,
  ): Promise<Conversation>
  save(conversation: Conversation): Promise<Conversation>
  remove(id: string): Promise<void>
  /** The provider and model of the most recently changed conversation that has a provider. */
  lastUsed(): { providerId: string; model: string | undefined } | undefined
  /** Resolves once every write begun so far has finished, written or failed: for a clean stop. */
  settled(): Promise<void>
  /** Files that could not be read at start: where they were moved, and why. */
  readonly problems: { file: string; movedTo: string; reason: string }[]
}

const idPattern = /^c[0-9a-f]{12}$/

export async function createConversationStore(dataDir: string, logger: Logger): Promise<ConversationStore> {
  const folder = join(dataDir, 'conversations')
  await mkdir(folder, { recursive: true })
  await removeStaleTemporaryFiles(folder)
  const conversations = new Map<string, Conversation>()
  const savers = new Map<string, (value: Conversation) => Promise<void>>()
  const problems: ConversationStore['problems'] = []
  const pathOf = (id: string) => join(folder, `${id}.json`)
  const writing = new Set<Promise<void>>()
  /** Each conversation's last write begun: its saver runs them in order, so this one ends last. */
  const lastWrites = new Map<string, Promise<void>>()
  /** Writes a conversation's file, in order with its other writes; settled() waits for those in flight. */
  const write = (conversation: Conversation): Promise<void> => {
    let saver = savers.get(conversation.id)
    if (!saver) savers.set(conversation.id, (saver = createJsonFileSaver<Conversation>(pathOf(conversation.id))))
    const written = saver(conversation)
    writing.add(written)
    lastWrites.set(conversation.id, written)
    const forget = () => {
      writing.delete(written)
      if (lastWrites.get(conversation.id) === written) lastWrites.delete(conversation.id)
    }
    written.then(forget, forget)
    return written
  }

  for (const file of (await readdir(folder)).filter(
    (name) => idPattern.test(name.replace(/\.json$/, '')) && name.endsWith('.json'),
  )) {
    const loaded = await loadJsonFile<Conversation | undefined>(join(folder, file), conversationSchema, undefined)
    if (loaded.status === 'moved-aside') {
      problems.push({ file, movedTo: loaded.movedTo, reason: loaded.reason })
      logger.warn(
        'chat',
        `conversation ${file} could not be read (${loaded.reason}); it was moved to ${loaded.movedTo}`,
      )
    } else if (loaded.value) conversations.set(loaded.value.id, loaded.value)
  }

  function get(id: string): Conversation {
    const conversation = conversations.get(id)
    if (!conversation) throw new VigilError('not_found', `There is no conversation ${id}.`)
    return conversation
  }

  return {
    list(search) {
      const needle = search?.trim().toLowerCase()
      return [...conversations.values()]
        .filter(
          (conversation) =>
            !needle ||
            conversation.title.toLowerCase().includes(needle) ||
            conversation.messages.some((message) => message.content.toLowerCase().includes(needle)),
        )
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .map(({ id, title, updatedAt, model, messages }) => ({
          id,
          title,
          updatedAt,
          model,
          messageCount: messages.length,
        }))
    },
    get,
    has: (id) => conversations.has(id),
    all: () => conversations.values(),
    async create(fields) {
      const now = Date.now()
      const conversation: Conversation = {
        id: `c${randomBytes(6).toString('hex')}`,
        ...fields,
        createdAt: now,
        updatedAt: now,
        messages: [],
      }
      await write(conversation)
      conversations.set(conversation.id, conversation)
      return conversation
    },
    async save(conversation) {
      const previous = get(conversation.id)
      const saved = { ...conversation, updatedAt: Date.now() }
      // Readers see the newest version at once, while its file is written (an answer's end does not wait
      // for an fsync); if the write fails, the version before comes back, unless a newer one came since.
      conversations.set(saved.id, saved)
      try {
        await write(saved)
      } catch (error) {
        if (conversations.get(saved.id) === saved) conversations.set(saved.id, previous)
        throw error
      }
      return saved
    },
    async remove(id) {
      get(id)
      conversations.delete(id)
      savers.delete(id)
      // A write still under way (an answer's end) would otherwise rename its file into place after the
      // removal, and the conversation would come back at the next start.
      await lastWrites.get(id)?.catch(() => undefined)
      await rm(pathOf(id), { force: true })
    },
    lastUsed() {
      let latest: Conversation | undefined
      for (const conversation of conversations.values())
        if (conversation.providerId && (!latest || conversation.updatedAt > latest.updatedAt)) latest = conversation
      return latest?.providerId ? { providerId: latest.providerId, model: latest.model } : undefined
    },
    async settled() {
      await Promise.allSettled(writing)
    },
    problems,
  }
}
