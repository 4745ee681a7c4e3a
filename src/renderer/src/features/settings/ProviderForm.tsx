// Adding or editing a provider: preset, name, base URL, default model, and (when adding) an optional key,
// which is write-only: it goes to the core once and is never shown again, only its masked form.
import { useState, type FormEvent } from 'react'
import { defaultTimeouts, providerPresets, type ProviderView } from '../../../../shared/chat'
import { ApiRequestError, errorText } from '../../lib/api'
import { ErrorNote } from '../../components/ErrorNote'
import type { ProviderDraft } from './providersApi'
import { KeyConsent, useKeySaving } from './KeyConsent'
import { draftProblem, presetOrder, switchPreset } from './providerDraft'
import { createProvider, updateProvider, useProvidersStore } from './providersStore'

interface ProviderFormProps {
  initial: ProviderDraft
  /** The provider being edited; absent when adding. */
  provider?: ProviderView
  onDone(): void
}

/** An empty number field leaves the setting to its default. */
const numberOf = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value))

export function ProviderForm({ initial, provider, onDone }: ProviderFormProps) {
  const [draft, setDraft] = useState(initial)
  const [key, setKey] = useState('')
  const [error, setError] = useState<string>()
  const [keyMove, setKeyMove] = useState<string>()
  const [isBusy, setIsBusy] = useState(false)
  const keyStorage = useProvidersStore((state) => state.keyStorage)
  const keySaving = useKeySaving()
  const change = (field: Partial<ProviderDraft>) => setDraft((current) => ({ ...current, ...field }))

  async function submit(confirmKeyMove: boolean): Promise<void> {
    const problem = draftProblem(draft)
    if (problem) return setError(problem)
    setIsBusy(true)
    setError(undefined)
    try {
      if (provider) await updateProvider(provider.id, draft, confirmKeyMove)
      else {
        const created = await createProvider(draft)
        if (key.trim() && !(await keySaving.save(created.id, key.trim()))) return
      }
      onDone()
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.status === 409 && provider) setKeyMove(caught.message)
      else setError(errorText(caught))
    } finally {
      setIsBusy(false)
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void submit(false)
  }
  const heading = provider ? `Edit ${provider.name}` : 'Add a provider'
  return (
    <form className="provider-form" aria-label={heading} onSubmit={onSubmit}>
      <h3>{heading}</h3>
      <div className="form-grid">
        <label>
          Preset
          <select
            value={draft.preset}
            onChange={(event) => setDraft(switchPreset(draft, event.target.value as ProviderDraft['preset']))}
          >
            {presetOrder.map((preset) => (
              <option key={preset} value={preset}>
                {providerPresets[preset].name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input value={draft.name} onChange={(event) => change({ name: event.target.value })} required />
        </label>
        <label className="wide">
          Base URL
          <input
            value={draft.baseUrl}
            onChange={(event) => change({ baseUrl: event.target.value })}
            placeholder="http://127.0.0.1:8080/v1"
            spellCheck={false}
            required
          />
        </label>
        <label>
          Default model
          <input
            value={draft.defaultModel}
            onChange={(event) => change({ defaultModel: event.target.value })}
            placeholder="e.g. gpt-4o-mini, llama3.1"
            spellCheck={false}
          />
        </label>
        <label>
          Wait for the first token (s)
          <input
            type="number"
            min={5}
            max={3600}
            value={draft.firstTokenTimeoutSeconds ?? ''}
            onChange={(event) => change({ firstTokenTimeoutSeconds: numberOf(event.target.value) })}
            placeholder={`${defaultTimeouts.firstTokenTimeoutSeconds} (a local model may need to load)`}
          />
        </label>
        <label>
          Wait between tokens (s)
          <input
            type="number"
            min={5}
            max={3600}
            value={draft.stallTimeoutSeconds ?? ''}
            onChange={(event) => change({ stallTimeoutSeconds: numberOf(event.target.value) })}
            placeholder={String(defaultTimeouts.stallTimeoutSeconds)}
          />
        </label>
        <label>
          Context length (tokens)
          <input
            type="number"
            min={256}
            value={draft.contextTokens ?? ''}
            onChange={(event) => change({ contextTokens: numberOf(event.target.value) })}
            placeholder="as the endpoint says"
          />
        </label>
        <label>
          Max answer tokens
          <input
            type="number"
            min={1}
            value={draft.maxTokens ?? ''}
            onChange={(event) => change({ maxTokens: numberOf(event.target.value) })}
            placeholder="the endpoint's limit"
          />
        </label>
        <label className="checkbox-label wide">
          <input
            type="checkbox"
            checked={draft.makesTitles !== false}
            onChange={(event) => change({ makesTitles: event.target.checked ? undefined : false })}
          />
          Let the model title new conversations (one short request after the first answer)
        </label>
        {!provider && (
          <label>
            API key {providerPresets[draft.preset].needsKey ? '' : '(optional)'}
            <input
              type="password"
              value={key}
              onChange={(event) => setKey(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder="Shown only masked once saved"
            />
          </label>
        )}
      </div>
      {!provider && keyStorage && <p className="caption">Keys are kept {keyStorage.description}.</p>}
      {keyMove && (
        <div className="consent" role="alertdialog" aria-label="Send the key to the new URL?">
          <p>{keyMove}</p>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => void submit(true).then(() => setKeyMove(undefined))}
            >
              Allow the key for {draft.baseUrl}
            </button>
            <button type="button" className="button" onClick={() => setKeyMove(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <KeyConsent saving={keySaving} onStored={onDone} onDeclined={onDone} />
      <ErrorNote message={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={isBusy || keySaving.consent !== undefined}>
          {provider ? 'Save' : 'Add provider'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
