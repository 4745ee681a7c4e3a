// What the user has chosen to send along with the next chat message: a metrics summary, log lines. Other
// views add to it (attachToChat) and the Chat view shows it, lets the user edit or drop an item, and sends it.
// Lifecycle: lives for the page; attachments stay until removed or sent.
import { create } from 'zustand'

export interface ChatAttachment {
  id: string
  kind: 'metrics' | 'logs'
  title: string
  /** Exactly the text the model will be sent. */
  text: string
  /** The log sources the lines came from (sent along, so the core can check them too). */
  sources?: string[]
  /** Names of those sources that are sensitive: sending to an endpoint off this machine asks first. */
  sensitiveSourceNames?: string[]
}

interface ChatContextState {
  attachments: ChatAttachment[]
}

export const useChatContextStore = create<ChatContextState>(() => ({ attachments: [] }))

let nextAttachmentNumber = 1

/** Adds an attachment for the next message and returns its id. */
export function attachToChat(attachment: Omit<ChatAttachment, 'id'>): string {
  const id = `attachment-${nextAttachmentNumber}`
  nextAttachmentNumber += 1
  useChatContextStore.setState((state) => ({ attachments: [...state.attachments, { ...attachment, id }] }))
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
