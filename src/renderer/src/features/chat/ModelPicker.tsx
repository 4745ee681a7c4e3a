// The model of the open conversation, picked in its header from the models the provider's endpoint lists
// (asked once by the core and kept; the refresh button asks again). The first choice leaves the model to
// the provider: its default model, or the endpoint's only one.
import { useEffect } from 'react'
import type { Conversation, ProviderView } from '../../../../shared/chat'
import { loadModels, useProvidersStore } from '../settings'
import { saveConversation } from './chatStore'

function providerChoiceLabel(provider: ProviderView, listed: string[]): string {
  if (provider.defaultModel) return `Default: ${provider.defaultModel}`
  if (listed.length === 1) return `Only model: ${listed[0]}`
  return 'Choose a model…'
}

export function ModelPicker({ conversation, provider }: { conversation: Conversation; provider: ProviderView }) {
  const list = useProvidersStore((state) => state.models[provider.id])
  useEffect(() => void loadModels(provider.id), [provider.id])
  const isListing = list !== undefined && 'state' in list
  const listed = list && !('state' in list) && list.ok ? list.models : []
  const failure = list && !('state' in list) && !list.ok ? list.failure.message : undefined
  const current = conversation.model ?? ''
  const choices = current && !listed.includes(current) ? [current, ...listed] : listed
  return (
    <span className="model-picker">
      <span className="caption">{provider.name}</span>
      <select
        aria-label="Model"
        value={current}
        onChange={(event) => void saveConversation({ model: event.target.value || undefined })}
        aria-invalid={!current && !provider.defaultModel && listed.length !== 1}
      >
        <option value="">{providerChoiceLabel(provider, listed)}</option>
        {choices.map((model) => (
          <option key={model} value={model}>
            {model}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button"
        aria-label="Refresh the model list"
        title={failure ?? 'Ask the endpoint for its models again'}
        disabled={isListing}
        onClick={() => void loadModels(provider.id, true)}
      >
        ↻
      </button>
      {failure && (
        <span className="error model-failure" role="alert">
          The models could not be listed: {failure}
        </span>
      )}
    </span>
  )
}
