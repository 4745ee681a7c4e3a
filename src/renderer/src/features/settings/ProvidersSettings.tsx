// Settings → Providers: the configured providers, the local endpoints found at start (each with "Add"),
// and the form to add one from a preset.
import { useEffect, useState } from 'react'
import type { ProviderPreset } from '../../../../shared/chat'
import { errorText } from '../../lib/api'
import { ErrorNote } from '../../components/ErrorNote'
import { ProviderCard } from './ProviderCard'
import { draftFor } from './providerDraft'
import { ProviderForm } from './ProviderForm'
import { createProvider, loadProviders, useProvidersStore } from './providersStore'

function DiscoveredEndpoints() {
  const discovered = useProvidersStore((state) => state.discovered)
  const providers = useProvidersStore((state) => state.providers)
  const [error, setError] = useState<string>()
  const offered = discovered.filter((endpoint) => !providers.some((provider) => provider.baseUrl === endpoint.baseUrl))
  if (offered.length === 0) return null
  return (
    <div className="discovered" aria-label="Found on this machine">
      <p className="caption">Found on this machine:</p>
      <ul>
        {offered.map((endpoint) => (
          <li key={endpoint.baseUrl}>
            <span>
              <strong>{endpoint.name}</strong> at {endpoint.baseUrl} (
              {endpoint.models.length === 1 ? '1 model' : `${endpoint.models.length} models`})
            </span>
            <button
              type="button"
              className="button"
              onClick={() =>
                void createProvider({
                  name: endpoint.name,
                  preset: endpoint.preset,
                  baseUrl: endpoint.baseUrl,
                  defaultModel: endpoint.models[0] ?? '',
                }).catch((caught: unknown) => setError(errorText(caught)))
              }
            >
              Add
            </button>
          </li>
        ))}
      </ul>
      <ErrorNote message={error} />
    </div>
  )
}

export function ProvidersSettings() {
  const providers = useProvidersStore((state) => state.providers)
  const loadError = useProvidersStore((state) => state.loadError)
  const [addingPreset, setAddingPreset] = useState<ProviderPreset>()

  useEffect(() => void loadProviders(), [])

  return (
    <section className="card providers" aria-labelledby="providers-title">
      <header className="providers-header">
        <h2 id="providers-title">AI providers</h2>
        <span className="spacer" />
        {addingPreset === undefined && (
          <button type="button" className="button button-primary" onClick={() => setAddingPreset('openai')}>
            Add provider
          </button>
        )}
      </header>
      <p className="caption">OpenAI, or any OpenAI-compatible endpoint: Ollama, LM Studio, llama.cpp server.</p>
      <ErrorNote message={loadError} />
      <DiscoveredEndpoints />
      {addingPreset !== undefined && (
        <ProviderForm initial={draftFor(addingPreset)} onDone={() => setAddingPreset(undefined)} />
      )}
      {providers.length === 0 && addingPreset === undefined && (
        <p className="muted">No provider yet: add one to chat.</p>
      )}
      {providers.map((provider) => (
        <ProviderCard key={provider.id} provider={provider} />
      ))}
    </section>
  )
}
