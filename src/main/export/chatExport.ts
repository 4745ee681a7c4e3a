// Conversations as CSV (one row per message), Markdown (to read) or JSON (to keep, as stored). A
// conversation is read from the store as the export reaches it, so "all" never holds more than one. An
// answer's tool calls go with it: each call's tool, arguments, what became of it and its result.
import type { ChatExportRequest } from '../../shared/export'
import type { ChatMessage, Conversation, ToolCallRecord } from '../../shared/chat'
import type { Chat } from '../chat'
import { timeColumns, writeTimeCells, type Cell } from './csvFormat'
import { csvContentType, ExportSourceError, type ExportPlan } from './exportPlan'

const messageColumns = [
  'conversation_id',
  'conversation_title',
  'message_index',
  'role',
  'model',
  'state',
  'time_to_first_token_ms',
  'tokens_per_second',
  'prompt_tokens',
  'completion_tokens',
  'attachments',
  'tool_calls',
  'content',
]

function messageRow(
  conversation: Conversation,
  message: ChatMessage,
  index: number,
  request: ChatExportRequest,
): Cell[] {
  const row: Cell[] = new Array(timeColumns(request.csv.timestamps).length + messageColumns.length)
  const at = writeTimeCells(request.csv.timestamps, message.createdAt, row, 0)
  const answer = message.answer
  const cells: Cell[] = [
    conversation.id,
    conversation.title,
    index,
    message.role,
    answer?.model,
    answer?.state,
    answer?.timeToFirstTokenMs,
    answer?.tokensPerSecond,
    answer?.usage?.promptTokens,
    answer?.usage?.completionTokens,
    message.attachments?.map((attachment) => attachment.title).join('; '),
    message.toolRounds
      ?.flatMap((round) => round.calls)
      .map((call) => `${call.name}(${call.arguments}) ${outcomeOf(call)}: ${call.result?.text ?? ''}`)
      .join('\n'),
    message.content,
  ]
  cells.forEach((cell, offset) => (row[at + offset] = cell))
  return row
}

/** A fenced code block that no backtick run inside the text can close early. */
function fenced(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  return `${fence}text\n${text}\n${fence}`
}

/** What became of a call, in words: "sent (allowed once)", "denied", "stopped". */
function outcomeOf(call: ToolCallRecord): string {
  return call.state === 'sent' && call.approval ? `sent (${approvalWords[call.approval]})` : call.state
}

const approvalWords: Record<NonNullable<ToolCallRecord['approval']>, string> = {
  once: 'allowed once',
  conversation: 'allowed for the conversation',
  setting: 'allowed by the setting for endpoints on this machine',
  error: 'an error, sent without asking',
}

function toolCallMarkdown(call: ToolCallRecord): string[] {
  const result = call.result
    ? [
        `Result${call.result.isCut ? ' (cut to fit)' : ''}${call.result.isError ? ' (error)' : ''}:`,
        '',
        fenced(call.result.text),
        '',
      ]
    : []
  return [`**Tool call** \`${call.name}\`, ${outcomeOf(call)}. Arguments:`, '', fenced(call.arguments), '', ...result]
}

/** "You", "Assistant", or "Assistant (model, state)" with only what the answer recorded: an answer without a model has none. */
function speakerOf(message: ChatMessage): string {
  if (message.role === 'user') return 'You'
  const about = [message.answer?.model, message.answer?.state].filter(Boolean).join(', ')
  return about ? `Assistant (${about})` : 'Assistant'
}

function markdownOf(conversation: Conversation): string {
  const parts = [
    `# ${conversation.title}`,
    '',
    `Started ${new Date(conversation.createdAt).toISOString()}${conversation.model ? `, model ${conversation.model}` : ''}.`,
    '',
  ]
  if (conversation.systemPrompt) parts.push('**System prompt**', '', conversation.systemPrompt, '')
  for (const message of conversation.messages) {
    parts.push(`## ${speakerOf(message)}, ${new Date(message.createdAt).toISOString()}`, '')
    for (const attachment of message.attachments ?? [])
      parts.push(`Attached: ${attachment.title}`, '', fenced(attachment.text), '')
    for (const round of message.toolRounds ?? []) {
      if (round.content) parts.push(round.content, '')
      for (const call of round.calls) parts.push(...toolCallMarkdown(call))
    }
    for (const notice of message.notices ?? []) parts.push(`> ${notice}`, '')
    parts.push(message.content, '')
  }
  return parts.join('\n')
}

export function planChatExport(store: Chat['conversations'], request: ChatExportRequest): ExportPlan {
  const ids =
    request.conversation === 'all' ? store.list().map((summary) => summary.id) : [store.get(request.conversation).id]
  const totalRows = ids.reduce((sum, id) => sum + store.get(id).messages.length, 0)
  const title =
    request.conversation === 'all'
      ? `All ${ids.length} conversations`
      : `Conversation "${store.get(request.conversation).title}"`
  // A conversation deleted while the export runs is left out, not fatal: it is gone on purpose.
  const kept = function* () {
    for (const id of ids) {
      let conversation: Conversation | undefined
      try {
        conversation = store.get(id)
      } catch {
        continue
      }
      yield conversation
    }
  }
  const base = { kind: 'chat' as const, title, totalRows }

  if (request.format === 'csv') {
    return {
      ...base,
      format: 'csv',
      extension: 'csv',
      contentType: csvContentType,
      columns: [...timeColumns(request.csv.timestamps), ...messageColumns],
      *rows() {
        for (const conversation of kept())
          yield conversation.messages.map((message, index) => messageRow(conversation, message, index, request))
      },
    }
  }
  if (request.format === 'markdown') {
    return {
      ...base,
      format: 'text',
      extension: 'md',
      contentType: 'text/markdown; charset=utf-8',
      *pieces() {
        let isFirst = true
        for (const conversation of kept()) {
          yield { text: `${isFirst ? '' : '\n---\n\n'}${markdownOf(conversation)}`, rows: conversation.messages.length }
          isFirst = false
        }
      },
    }
  }
  return {
    ...base,
    format: 'text',
    extension: 'json',
    contentType: 'application/json; charset=utf-8',
    *pieces() {
      if (request.conversation !== 'all') {
        const [conversation] = [...kept()]
        if (!conversation) throw new ExportSourceError('the conversation was deleted before the export began')
        yield { text: JSON.stringify(conversation, null, 2), rows: conversation.messages.length }
        return
      }
      yield { text: '[\n', rows: 0 }
      let isFirst = true
      for (const conversation of kept()) {
        yield {
          text: `${isFirst ? '' : ',\n'}${JSON.stringify(conversation, null, 2)}`,
          rows: conversation.messages.length,
        }
        isFirst = false
      }
      yield { text: '\n]\n', rows: 0 }
    },
  }
}
