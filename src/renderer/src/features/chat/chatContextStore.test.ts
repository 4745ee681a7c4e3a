import { beforeEach, describe, expect, it } from 'vitest'
import {
  attachToChat,
  removeAttachment,
  removeSentAttachments,
  resetChatContextStore,
  updateAttachmentText,
  useChatContextStore,
} from './chatContextStore'

beforeEach(resetChatContextStore)

describe('the chat context', () => {
  it('keeps attachments in the order they were added, each with its own id', () => {
    const first = attachToChat({ kind: 'metrics', title: 'Metrics, 5 min', text: 'CPU total: 1 %' })
    const second = attachToChat({ kind: 'logs', title: '3 lines of syslog', text: 'a\nb\nc' })
    expect(first).not.toBe(second)
    expect(useChatContextStore.getState().attachments).toEqual([
      { id: first, kind: 'metrics', title: 'Metrics, 5 min', text: 'CPU total: 1 %' },
      { id: second, kind: 'logs', title: '3 lines of syslog', text: 'a\nb\nc' },
    ])
  })

  it('removes only the attachment asked for', () => {
    const first = attachToChat({ kind: 'metrics', title: 'one', text: '1' })
    const second = attachToChat({ kind: 'metrics', title: 'two', text: '2' })
    removeAttachment(first)
    removeAttachment('no-such-id')
    expect(useChatContextStore.getState().attachments.map((attachment) => attachment.id)).toEqual([second])
  })

  it('changes the text of one attachment, and drops the sent ones but not those added since', () => {
    const first = attachToChat({ kind: 'logs', title: 'one', text: 'secret line' })
    const second = attachToChat({ kind: 'logs', title: 'two', text: '2' })
    updateAttachmentText(first, 'redacted line')
    expect(useChatContextStore.getState().attachments[0]).toMatchObject({ id: first, text: 'redacted line' })
    const third = attachToChat({ kind: 'metrics', title: 'three', text: '3' })
    removeSentAttachments([first, second])
    expect(useChatContextStore.getState().attachments.map((attachment) => attachment.id)).toEqual([third])
  })

  it('resets to no attachments, numbering them from the first again', () => {
    const first = attachToChat({ kind: 'metrics', title: 'one', text: '1' })
    attachToChat({ kind: 'metrics', title: 'two', text: '2' })
    resetChatContextStore()
    expect(useChatContextStore.getState().attachments).toEqual([])
    expect(attachToChat({ kind: 'logs', title: 'three', text: '3' })).toBe(first)
  })
})
