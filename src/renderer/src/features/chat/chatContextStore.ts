// What the user has chosen to send along with the next chat message: a metrics summary, log lines. Other
// views add to it (the askAiAbout intent of lib/intents.ts, carried out by attachToChat) and the Chat view
// shows it, lets the user edit or drop an item, and sends it.
// Lifecycle: lives for the page; attachments stay until removed or sent.
import { create } from 'zustand'
import type { ChatContext } from '../../lib/intents'

export interface ChatAttachment extends ChatContext {
  id: string
}

interface ChatContextState {
  attachments: ChatAttachment[]
}

const initialState = (): ChatContextState => ({ attachments: [] })

export const useChatContextStore = create<ChatContextState>(initialState)

let nextAttachmentNumber = 1

/** Adds an attachment for the next message and returns its id. */
export function attachToChat(context: ChatContext): string {
  const id = `attachment-${nextAttachmentNumber}`
  nextAttachmentNumber += 1
  useChatContextStore.setState((state) => ({ attachments: [...state.attachments, { ...context, id }] }))
  return id
}

export function removeAttachment(id: string): void {
  useChatContextStore.setState((state) => ({
    attachments: state.attachments.filter((attachment) => attachment.id !== id),
  }))
}

/** The user edited what will be sent. */
export function updateAttachmentText(id: string, text: string): void {
  useChatContextStore.setState((state) => ({
    attachments: state.attachments.map((attachment) => (attachment.id === id ? { ...attachment, text } : attachment)),
  }))
}

/** Drops the attachments that went out with a message; ones added meanwhile stay. */
export function removeSentAttachments(ids: string[]): void {
  const sent = new Set(ids)
  useChatContextStore.setState((state) => ({
    attachments: state.attachments.filter((attachment) => !sent.has(attachment.id)),
  }))
}

/** Back to no attachments, numbered from 1 again. */
export function resetChatContextStore(): void {
  nextAttachmentNumber = 1
  useChatContextStore.setState(initialState(), true)
}
