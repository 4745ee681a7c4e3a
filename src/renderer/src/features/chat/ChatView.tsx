// The Chat view: the conversation list beside the open conversation (its header, settings, messages and the
// message box), or beside the Models table. Mounting it loads the providers and the list, and re-attaches
// to a running answer.
import './chat.css'
import { useEffect, useState } from 'react'
import type { Conversation } from '../../../../shared/chat'
import type { ChatExportFormat } from '../../../../shared/export'
import { Menu, type MenuItem } from '../../components/Menu'
import { exportThis, showView } from '../../lib/intents'
import { loadProviders, useProvidersStore } from '../settings'
import { deleteConversation, followChat, saveConversation, stopGeneration, useChatStore } from './chatStore'
import { Composer } from './Composer'
import { ConversationList } from './ConversationList'
import { ConversationSettings } from './ConversationSettings'
import { MessageList } from './MessageList'
import { ModelPicker } from './ModelPicker'
import { ModelsPanel } from './ModelsPanel'

function exportItems(conversationId: string): MenuItem[] {
  const exportAs = (format: ChatExportFormat) => () =>
    void exportThis({ kind: 'chat', conversation: conversationId, format })
  return [
    { label: 'CSV', title: 'One row per message', onSelect: exportAs('csv') },
    { label: 'Markdown', title: 'To read', onSelect: exportAs('markdown') },
    { label: 'JSON', title: 'The conversation as kept', onSelect: exportAs('json') },
  ]
}

function ConversationHeader({ conversation }: { conversation: Conversation }) {
  const [title, setTitle] = useState<string>()
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false)
  const [isEditingSettings, setIsEditingSettings] = useState(false)
  const provider = useProvidersStore((state) =>
    state.providers.find((candidate) => candidate.id === conversation.providerId),
  )
  return (
    <>
      <header className="conversation-header">
        {title === undefined ? (
          <h2 className="conversation-heading">{conversation.title}</h2>
        ) : (
          <form
            className="rename-form"
            onSubmit={(event) => {
              event.preventDefault()
              if (title.trim())
                void saveConversation({ title: title.trim() }).then((isSaved) => isSaved && setTitle(undefined))
            }}
          >
            <input
              aria-label="Conversation title"
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              maxLength={200}
              autoFocus
            />
            <button type="submit" className="button button-primary">
              Save
            </button>
            <button type="button" className="button" onClick={() => setTitle(undefined)}>
              Cancel
            </button>
          </form>
        )}
        {provider ? (
          <ModelPicker conversation={conversation} provider={provider} />
        ) : (
          <span className="caption">No provider chosen</span>
        )}
        <span className="spacer" />
        {/* Side by side where the pane is wide; folded into one "⋯" menu where it is narrow (chat.css). */}
        <span className="conversation-actions">
          <button
            type="button"
            className="button"
            aria-expanded={isEditingSettings}
            onClick={() => setIsEditingSettings(!isEditingSettings)}
          >
            Settings
          </button>
          <button type="button" className="button" onClick={() => setTitle(conversation.title)}>
            Rename
          </button>
          <Menu label="Export" items={exportItems(conversation.id)} />
          {!isConfirmingDelete && (
            <button type="button" className="button" onClick={() => setIsConfirmingDelete(true)}>
              Delete
            </button>
          )}
        </span>
        <span className="conversation-actions-folded">
          <Menu
            label="⋯"
            name="Conversation actions"
            items={[
              {
                label: isEditingSettings ? 'Close settings' : 'Settings',
                onSelect: () => setIsEditingSettings(!isEditingSettings),
              },
              { label: 'Rename', onSelect: () => setTitle(conversation.title) },
              ...exportItems(conversation.id).map((item) => ({ ...item, label: `Export as ${item.label}` })),
              { label: 'Delete', onSelect: () => setIsConfirmingDelete(true) },
            ]}
          />
        </span>
        {isConfirmingDelete && (
          <button
            type="button"
            className="button button-danger"
            autoFocus
            onClick={() => void deleteConversation(conversation.id)}
            onBlur={() => setIsConfirmingDelete(false)}
          >
            Confirm delete
          </button>
        )}
      </header>
      {(isEditingSettings || !provider) && (
        <ConversationSettings
          key={conversation.id}
          conversation={conversation}
          onClose={() => setIsEditingSettings(false)}
        />
      )}
    </>
  )
}

function NoProviders() {
  return (
    <div className="chat-empty">
      <p>To chat, add a provider first: OpenAI, or a local Ollama, LM Studio or llama.cpp server.</p>
      <button type="button" className="button button-primary" onClick={() => showView('settings')}>
        Open Settings → Providers
      </button>
    </div>
  )
}

export function ChatView() {
  const conversation = useChatStore((state) => state.conversation)
  const actionError = useChatStore((state) => state.actionError)
  const hasProviders = useProvidersStore((state) => state.providers.length > 0)
  // The table shows over the conversation open when it was asked for: opening another one shows that instead.
  const [modelsShownOver, setModelsShownOver] = useState<string>()
  const conversationKey = conversation?.id ?? ''
  const isShowingModels = modelsShownOver === conversationKey

  useEffect(() => void loadProviders(), [])
  useEffect(() => followChat(), [])
  // Escape stops the answer being written, unless a field or dialog uses it (they stop its propagation).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && useChatStore.getState().generation) void stopGeneration()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])

  return (
    <section className={`view chat-view${isShowingModels ? ' is-showing-models' : ''}`} aria-labelledby="chat-title">
      <div className="chat-side">
        <div className="chat-side-header">
          <h1 id="chat-title">Chat</h1>
          <button
            type="button"
            className="button"
            aria-pressed={isShowingModels}
            title="Compare the models used on this machine"
            onClick={() => setModelsShownOver(isShowingModels ? undefined : conversationKey)}
          >
            Models
          </button>
        </div>
        <ConversationList />
      </div>
      {isShowingModels ? (
        <div className="chat-pane">
          <ModelsPanel onClose={() => setModelsShownOver(undefined)} />
        </div>
      ) : (
        <div className="chat-pane">
          {conversation ? (
            <ConversationHeader key={conversation.id} conversation={conversation} />
          ) : hasProviders ? (
            <p className="chat-empty">Open a conversation, or start a new one.</p>
          ) : (
            <NoProviders />
          )}
          {actionError && (
            <p role="alert" className="error chat-error">
              {actionError}
            </p>
          )}
          {conversation && <MessageList />}
          <Composer />
        </div>
      )}
    </section>
  )
}
