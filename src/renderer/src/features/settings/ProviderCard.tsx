// One provider: where it points, its key (masked, and the URL it is bound to), "Test connection" with the
// models or the exact failure, and edit, key and remove actions.
import { useState } from 'react'
import { providerPresets, type ProviderView } from '../../../../shared/chat'
import { errorText } from '../../lib/api'
import { describeFailure } from '../../lib/failureText'
import { ErrorNote } from '../../components/ErrorNote'
import { KeyConsent, useKeySaving } from './KeyConsent'
import { draftOf } from './providerDraft'
import { ProviderForm } from './ProviderForm'
import { removeProvider, removeProviderKey, testProvider, updateProvider, useProvidersStore } from './providersStore'

function KeyStatus({ provider }: { provider: ProviderView }) {
  const { key } = provider
  if (!key) return <span className="muted">No key</span>
  return (
    <span>
      <code data-testid="masked-key">{key.masked}</code>{' '}
      {key.source === 'environment' ? 'from OPENAI_API_KEY' : 'stored'}, for {key.boundTo}
    </span>
  )
}

function ConnectionResult({ providerId }: { providerId: string }) {
  const test = useProvidersStore((state) => state.tests[providerId])
  if (!test) return null
  if (test.state === 'testing') return <p className="caption">Testing…</p>
  if (!test.ok) {
    const { title, message } = describeFailure(test.failure)
    return (
      <p role="alert" className="error" data-testid="connection-failure">
        <strong>{title}:</strong> {message}
      </p>
    )
  }
  return (
    <div className="model-list" data-testid="connection-models">
      <span className="caption">
        Connected: {test.models.length === 1 ? '1 model' : `${test.models.length} models`}
      </span>
      <ul>
        {test.models.map((model) => (
          <li key={model}>{model}</li>
        ))}
      </ul>
    </div>
  )
}

export function ProviderCard({ provider }: { provider: ProviderView }) {
  const [isEditing, setIsEditing] = useState(false)
  const [isConfirmingRemove, setIsConfirmingRemove] = useState(false)
  const [newKey, setNewKey] = useState('')
  const [error, setError] = useState<string>()
  const keySaving = useKeySaving()
  const run = (action: () => Promise<unknown>) => {
    setError(undefined)
    action().catch((caught: unknown) => setError(errorText(caught)))
  }
  const saveKey = async () => {
    if (await keySaving.save(provider.id, newKey.trim())) setNewKey('')
  }

  if (isEditing)
    return <ProviderForm initial={draftOf(provider)} provider={provider} onDone={() => setIsEditing(false)} />
  return (
    <article className="provider-card" aria-label={provider.name} data-testid="provider-card">
      <header className="provider-header">
        <h3>{provider.name}</h3>
        <span className="preset-tag">{providerPresets[provider.preset].name}</span>
        <span className="spacer" />
        <button type="button" className="button" onClick={() => void testProvider(provider.id)}>
          Test connection
        </button>
        <button type="button" className="button" onClick={() => setIsEditing(true)}>
          Edit
        </button>
        {isConfirmingRemove ? (
          <button type="button" className="button button-danger" onClick={() => run(() => removeProvider(provider.id))}>
            Confirm remove
          </button>
        ) : (
          <button type="button" className="button" onClick={() => setIsConfirmingRemove(true)}>
            Remove
          </button>
        )}
      </header>
      <dl className="provider-facts">
        <dt>Base URL</dt>
        <dd>{provider.baseUrl}</dd>
        <dt>Default model</dt>
        <dd>{provider.defaultModel || <span className="muted">none</span>}</dd>
        <dt>Key</dt>
        <dd>
          <KeyStatus provider={provider} />
          {provider.key?.source === 'stored' && (
            <button
              type="button"
              className="link-button key-remove"
              onClick={() => run(() => removeProviderKey(provider.id))}
            >
              Remove key
            </button>
          )}
        </dd>
      </dl>
      {provider.isKeyOnHold && provider.key && (
        <div className="consent" role="alert">
          <p>
            The key was given for {provider.key.boundTo}; it is not sent to {provider.baseUrl} until you allow it.
          </p>
          <button
            type="button"
            className="button"
            onClick={() => run(() => updateProvider(provider.id, draftOf(provider), true))}
          >
            Allow the key for {provider.baseUrl}
          </button>
        </div>
      )}
      <form
        className="key-form"
        onSubmit={(event) => {
          event.preventDefault()
          if (newKey.trim()) void saveKey()
        }}
      >
        <input
          type="password"
          aria-label={`New key for ${provider.name}`}
          value={newKey}
          onChange={(event) => setNewKey(event.target.value)}
          autoComplete="off"
          placeholder={provider.key ? 'Replace the key' : 'Add a key'}
        />
        <button type="submit" className="button" disabled={!newKey.trim() || keySaving.isSaving}>
          Save key
        </button>
      </form>
      <KeyConsent saving={keySaving} onStored={() => setNewKey('')} />
      <ConnectionResult providerId={provider.id} />
      <ErrorNote message={error} />
    </article>
  )
}
