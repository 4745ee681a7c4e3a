// An answer's tool calls: each round's text, then a card per call with the tool, its arguments, what
// became of it and its result (a summary that expands). A call whose result waits for the user has the
// three choices; "Allow for this conversation" only for an endpoint on this machine (off it, calls always ask).
import type { ToolCallRecord, ToolRound } from '../../../../shared/chat'
import { decideToolCall } from './chatStore'
import { MarkdownText } from './MarkdownText'

const approvalWords: Record<NonNullable<ToolCallRecord['approval']>, string> = {
  once: 'sent, allowed once',
  conversation: 'sent, allowed for this conversation',
  setting: 'sent without asking (endpoint on this machine)',
  error: 'error sent to the model',
}

function stateWords(call: ToolCallRecord): string {
  switch (call.state) {
    case 'running':
      return 'running…'
    case 'awaiting':
      return 'waiting for you'
    case 'sent':
      return call.approval ? approvalWords[call.approval] : 'sent'
    case 'denied':
      return 'denied: the model was told'
    case 'stopped':
      return 'stopped: nothing was sent'
  }
}

/** The result's first line, short enough for the summary. */
function summaryOf(text: string): string {
  const first = text.split('\n', 1)[0] ?? ''
  const lines = text.split('\n').filter(Boolean).length
  const head = first.length > 90 ? `${first.slice(0, 90)}…` : first
  return lines > 1 ? `${head} (+${lines - 1} lines)` : head
}

function ToolCallCard({
  call,
  canDecide,
  isOffMachine,
}: {
  call: ToolCallRecord
  canDecide: boolean
  isOffMachine: boolean
}) {
  const result = call.result
  const isAwaiting = call.state === 'awaiting'
  return (
    <section
      className={`tool-call tool-call-${call.state}`}
      aria-label={`Tool call ${call.name}`}
      data-testid="tool-call"
    >
      <div className="tool-call-head">
        <code className="tool-name">{call.name}</code>
        <code className="tool-arguments" title={call.arguments}>
          {call.arguments || '{}'}
        </code>
        <span className="tool-state" data-testid="tool-state">
          {stateWords(call)}
        </span>
      </div>
      {result && (
        <details className="tool-result" open={isAwaiting && canDecide}>
          <summary>
            {isAwaiting ? 'Would send' : result.isError ? 'Error' : 'Result'}
            {result.isCut ? ' (cut to fit)' : ''}: {summaryOf(result.text)}
          </summary>
          <pre data-testid="tool-result">{result.text}</pre>
        </details>
      )}
      {isAwaiting && canDecide && (
        <div className="tool-decision" role="group" aria-label={`Send the result of ${call.name} to the model?`}>
          <button
            type="button"
            className="button button-primary"
            aria-label={`Allow once: send the result of ${call.name}`}
            onClick={() => void decideToolCall(call.id, 'once')}
          >
            Allow once
          </button>
          {!isOffMachine && (
            <button
              type="button"
              className="button"
              aria-label={`Allow for this conversation: send results of ${call.name} without asking`}
              onClick={() => void decideToolCall(call.id, 'conversation')}
            >
              Allow for this conversation
            </button>
          )}
          <button
            type="button"
            className="button"
            aria-label={`Deny: do not send the result of ${call.name}`}
            onClick={() => void decideToolCall(call.id, 'deny')}
          >
            Deny
          </button>
          {isOffMachine && <span className="caption">The endpoint is not on this machine: each call asks.</span>}
        </div>
      )}
    </section>
  )
}

/** `canDecide`: the answer is live in this window, so waiting calls can be decided. */
export function ToolRounds({
  rounds,
  canDecide,
  isOffMachine,
}: {
  rounds: ToolRound[]
  canDecide: boolean
  isOffMachine: boolean
}) {
  return rounds.map((round, index) => (
    <div className="tool-round" key={index}>
      {round.content && <MarkdownText text={round.content} />}
      {round.calls.map((call) => (
        <ToolCallCard key={call.id} call={call} canDecide={canDecide} isOffMachine={isOffMachine} />
      ))}
    </div>
  ))
}

export function Notices({ notices }: { notices: string[] }) {
  return notices.map((notice) => (
    <p key={notice} className="tool-notice" role="note" data-testid="chat-notice">
      {notice}
    </p>
  ))
}
