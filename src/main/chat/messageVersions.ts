// A regenerated answer or an edited question keeps what it replaced: the earlier message, with the
// messages that followed it then, becomes one of its versions. Showing another version swaps the two
// branches; only the branch shown is sent to the model and exported as the conversation. Deleting a
// message removes that message alone.
import { versionPosition, type ChatMessage, type MessageVersion } from '../../shared/chat'
import { VigilError } from '../../shared/errors'

function asVersion({ id: _id, role: _role, versions: _versions, ...fields }: ChatMessage, following: ChatMessage[]) {
  return { ...fields, following } satisfies MessageVersion
}

/** `next`, keeping `previous` (and what followed it) among its versions. */
export function replacing(next: ChatMessage, previous: ChatMessage, following: ChatMessage[]): ChatMessage {
  return { ...next, versions: [...(previous.versions ?? []), asVersion(previous, following)] }
}

function indexOf(messages: readonly ChatMessage[], messageId: string): number {
  const index = messages.findIndex((message) => message.id === messageId)
  if (index < 0) throw new VigilError('not_found', `There is no message ${messageId} in this conversation.`)
  return index
}

/** The conversation's messages with version `position` (1 is the oldest) of the message shown. */
export function showingVersion(messages: readonly ChatMessage[], messageId: string, position: number): ChatMessage[] {
  const index = indexOf(messages, messageId)
  const shown = messages[index]!
  const { count } = versionPosition(shown)
  if (position > count)
    throw new VigilError(
      'bad_request',
      `version must be at most ${count}: this message has ${count} version${count > 1 ? 's' : ''}.`,
    )
  const all = [...(shown.versions ?? []), asVersion(shown, messages.slice(index + 1))].sort(
    (a, b) => a.createdAt - b.createdAt,
  )
  const { following, ...chosen } = all[position - 1]!
  const others = all.filter((_, at) => at !== position - 1)
  return [...messages.slice(0, index), { id: shown.id, role: shown.role, ...chosen, versions: others }, ...following]
}

export function withoutMessage(messages: readonly ChatMessage[], messageId: string): ChatMessage[] {
  const index = indexOf(messages, messageId)
  return [...messages.slice(0, index), ...messages.slice(index + 1)]
}
