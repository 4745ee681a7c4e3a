// The conversations, newest first: search by title and content, start a new one, open one.
import type { ConversationSummary } from '../../../../shared/chat'
import { timeFormat } from '../../lib/timeFormat'
import { ErrorNote } from '../../components/ErrorNote'
import { createConversation, openConversation, setSearch, useChatStore } from './chatStore'

function ConversationRow({ summary, isOpen }: { summary: ConversationSummary; isOpen: boolean }) {
  return (
    <li>
      <button
        type="button"
        className="conversation-row"
        aria-current={isOpen ? 'true' : undefined}
        onClick={() => void openConversation(summary.id)}
      >
        <span className="conversation-title">{summary.title}</span>
        <span className="conversation-meta">
          {summary.messageCount === 1 ? '1 message' : `${summary.messageCount} messages`} ·{' '}
          {timeFormat.dateTimeMinutes(summary.updatedAt)}
        </span>
      </button>
    </li>
  )
}

export function ConversationList() {
  const summaries = useChatStore((state) => state.summaries)
  const search = useChatStore((state) => state.search)
  const listError = useChatStore((state) => state.listError)
  const problems = useChatStore((state) => state.problems)
  const openId = useChatStore((state) => state.conversation?.id)

  // The core gives it the provider and model used last.
  const startNew = () => void createConversation({})

  return (
    <nav className="conversation-list" aria-label="Conversations">
      <div className="conversation-tools">
        <button type="button" className="button button-primary" onClick={startNew}>
          New conversation
        </button>
        <input
          type="search"
          aria-label="Search conversations"
          placeholder="Search titles and messages"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <ErrorNote message={listError} />
      {problems.map((problem) => (
        <p key={problem} role="alert" className="error">
          {problem}
        </p>
      ))}
      <ul>
        {summaries.map((summary) => (
          <ConversationRow key={summary.id} summary={summary} isOpen={summary.id === openId} />
        ))}
      </ul>
      {summaries.length === 0 && (
        <p className="caption">{search.trim() ? `Nothing matches “${search.trim()}”.` : 'No conversations yet.'}</p>
      )}
    </nav>
  )
}
