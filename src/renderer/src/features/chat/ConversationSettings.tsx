// The open conversation's provider, model (from the provider's tested model list, or typed), system prompt
// temperature and whether the model may call Vigil's tools. Changes are saved with Save; the core keeps
// them with the conversation.
import { useState } from 'react'
import type { Conversation } from '../../../../shared/chat'
import { testedModels, testProvider, useProvidersStore } from '../settings'
import { saveConversation } from './chatStore'

export function ConversationSettings({ conversation, onClose }: { conversation: Conversation; onClose(): void }) {
  const providers = useProvidersStore((state) => state.providers)
  const tests = useProvidersStore((state) => state.tests)
  const [providerId, setProviderId] = useState(conversation.providerId ?? '')
  const [model, setModel] = useState(conversation.model ?? '')
  const [systemPrompt, setSystemPrompt] = useState(conversation.systemPrompt)
  const [temperature, setTemperature] = useState(
    conversation.temperature === undefined ? '' : String(conversation.temperature),
  )
  const [tools, setTools] = useState(conversation.tools !== false)
  const [isAskingAgain, setIsAskingAgain] = useState(false)
  const allowedTools = conversation.allowedTools ?? []
  const provider = providers.find((candidate) => candidate.id === providerId)
  const models = testedModels(tests, providerId)
  const test = tests[providerId]
  const temperatureValue = temperature.trim() === '' ? undefined : Number(temperature)
  const isTemperatureValid = temperatureValue === undefined || (temperatureValue >= 0 && temperatureValue <= 2)

  const save = async () => {
    const isSaved = await saveConversation({
      providerId: providerId || undefined,
      model: model.trim() || undefined,
      systemPrompt,
      temperature: temperatureValue,
      tools: tools ? undefined : false,
      ...(isAskingAgain ? { allowedTools: [] } : {}),
    })
    if (isSaved) onClose()
  }

  return (
    <form
      className="conversation-settings"
      aria-label="Conversation settings"
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <label>
        Provider
        <select value={providerId} onChange={(event) => setProviderId(event.target.value)}>
          <option value="">Choose a provider…</option>
          {providers.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <span className="model-field">
          <input
            list="chat-models"
            value={model}
            onChange={(event) => setModel(event.target.value)}
            placeholder={provider?.defaultModel ? `default: ${provider.defaultModel}` : 'model name'}
            spellCheck={false}
          />
          <button
            type="button"
            className="button"
            disabled={!providerId || test?.state === 'testing'}
            onClick={() => void testProvider(providerId)}
          >
            {test?.state === 'testing' ? 'Listing…' : 'List models'}
          </button>
        </span>
        <datalist id="chat-models">
          {models.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        {test?.state === 'tested' &&
          (test.ok ? (
            <span className="caption">{models.length} models: pick one or type a name.</span>
          ) : (
            <span className="error">{test.failure.message}</span>
          ))}
      </label>
      <label>
        Temperature
        <input
          type="number"
          min={0}
          max={2}
          step={0.1}
          value={temperature}
          onChange={(event) => setTemperature(event.target.value)}
          placeholder="provider default"
          aria-invalid={!isTemperatureValid}
        />
      </label>
      <label className="wide checkbox-label">
        <input type="checkbox" checked={tools} onChange={(event) => setTools(event.target.checked)} />
        Let the model use Vigil&apos;s read-only tools (metrics, processes, logs), each call shown and approved
        {conversation.toolsUnsupported && (
          <span className="caption"> — this model refused tools, so they are no longer offered</span>
        )}
      </label>
      {allowedTools.length > 0 && (
        <label className="wide checkbox-label">
          <input type="checkbox" checked={isAskingAgain} onChange={(event) => setIsAskingAgain(event.target.checked)} />
          Ask again for calls of {allowedTools.join(', ')} (allowed for this conversation)
        </label>
      )}
      <label className="wide">
        System prompt
        <textarea
          value={systemPrompt}
          onChange={(event) => setSystemPrompt(event.target.value)}
          rows={3}
          placeholder="e.g. You help diagnose a Linux machine. Be brief."
        />
      </label>
      <div className="form-actions wide">
        <button type="submit" className="button button-primary" disabled={!isTemperatureValid}>
          Save settings
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  )
}
