// Lines from a sensitive log source (a file only root or another user may read, followed after the user
// confirmed it) go to an AI endpoint off this machine only after a second confirmation (DESIGN.md
// section 4). The renderer asks before it sends; this is the core's own check, made when a generation
// would send them: the attachments say which sources their lines came from, and every earlier message of
// the conversation goes out again with the new one.
import type { ChatAttachmentRecord, Conversation } from '../../shared/chat'
import { isOnThisMachine } from '../../shared/endpoints'
import { VigilError } from '../../shared/errors'

export interface SensitiveLinesCheck {
  conversation: Conversation
  /** The attachments of the message being sent, if any. */
  attachments: ChatAttachmentRecord[]
  /** The endpoint the generation would call; undefined when the conversation has none (it will fail anyway). */
  baseUrl: string | undefined
  isSensitiveSource: (id: string) => boolean
  isConfirmed: boolean
}

/** Throws a conflict naming the sources and the endpoint, unless nothing sensitive would leave the machine. */
export function refuseUnconfirmedSensitiveLines(check: SensitiveLinesCheck): void {
  if (check.isConfirmed || check.baseUrl === undefined || isOnThisMachine(check.baseUrl)) return
  const attached = [
    ...check.conversation.messages.flatMap((message) => message.attachments ?? []),
    ...check.attachments,
  ]
  const sensitive = [...new Set(attached.flatMap((attachment) => attachment.sources ?? []))].filter(
    check.isSensitiveSource,
  )
  if (sensitive.length === 0) return
  const host = new URL(check.baseUrl).host
  throw new VigilError(
    'conflict',
    `This message would send lines of a sensitive log source (one only root or another user may read) to ${host}, which is not on this machine. Confirm to send them anyway, or remove those lines.`,
    { sensitiveSources: sensitive, endpoint: host },
  )
}
