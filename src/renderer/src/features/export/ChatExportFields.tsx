// The Exports form for chats: one conversation or all of them.
import { useEffect, useState, type ReactNode } from 'react'
import type { ConversationSummary } from '../../../../shared/chat'
import type { CsvOptions } from '../../../../shared/export'
import { conversationsApi } from '../chat'
import type { ExportChoices } from './exportChoices'
import { chatRequest } from './exportRequests'
import { SelectField } from './ChoiceFields'
import { StartExportButton } from './StartExportButton'

export function ChatExportFields({
  choices,
  csv,
  children,
}: {
  choices: ExportChoices
  csv: CsvOptions
  children: ReactNode
}) {
  const [summaries, setSummaries] = useState<ConversationSummary[]>([])
  const [listError, setListError] = useState<string>()
  const [conversation, setConversation] = useState('all')

  useEffect(() => {
    conversationsApi.list('').then(
      ({ conversations }) => setSummaries(conversations),
      (error: Error) => setListError(`The conversations could not be listed: ${error.message}`),
    )
  }, [])

  const choicesOfList = [
    ['all', `All conversations (${summaries.length})`] as const,
    ...summaries.map((summary) => [summary.id, summary.title] as const),
  ]
  return (
    <>
      <fieldset className="export-fieldset">
        <legend>Conversations</legend>
        <SelectField label="Conversation" value={conversation} choices={choicesOfList} onChange={setConversation} />
        {listError && <p className="error">{listError}</p>}
      </fieldset>
      {children}
      <StartExportButton problem={undefined} make={() => chatRequest(conversation, choices.chatFormat, csv)} />
    </>
  )
}
