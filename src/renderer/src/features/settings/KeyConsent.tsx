// Saving a provider's key, with the consent the core asks for when it cannot encrypt keys: the first
// attempt goes without it; a 409 shows the core's reason and lets the user resend with consent, or not.
import { useState } from 'react'
import { ApiRequestError, errorText } from '../../lib/api'
import { ErrorNote } from '../../components/ErrorNote'
import { setProviderKey } from './providersStore'

interface PendingConsent {
  providerId: string
  key: string
  message: string
}

export interface KeySaving {
  consent: PendingConsent | undefined
  error: string | undefined
  isSaving: boolean
  /** Resolves to true once the key is stored, false while consent is asked or after a failure. */
  save(providerId: string, key: string, acceptWeakStorage?: boolean): Promise<boolean>
  cancel(): void
}

export function useKeySaving(): KeySaving {
  const [consent, setConsent] = useState<PendingConsent>()
  const [error, setError] = useState<string>()
  const [isSaving, setIsSaving] = useState(false)
  async function save(providerId: string, key: string, acceptWeakStorage = false): Promise<boolean> {
    setIsSaving(true)
    setError(undefined)
    try {
      await setProviderKey(providerId, key, acceptWeakStorage)
      setConsent(undefined)
      return true
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.status === 409 && !acceptWeakStorage)
        setConsent({ providerId, key, message: caught.message })
      else setError(`The key could not be stored: ${errorText(caught)}`)
      return false
    } finally {
      setIsSaving(false)
    }
  }
  return { consent, error, isSaving, save, cancel: () => setConsent(undefined) }
}

export function KeyConsent({
  saving,
  onStored,
  onDeclined,
}: {
  saving: KeySaving
  onStored(): void
  onDeclined?(): void
}) {
  const { consent, error } = saving
  return (
    <>
      {consent && (
        <div className="consent" role="alertdialog" aria-label="Store the key?">
          <p>{consent.message}</p>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={saving.isSaving}
              onClick={() =>
                void saving.save(consent.providerId, consent.key, true).then((isStored) => isStored && onStored())
              }
            >
              Store the key this way
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                saving.cancel()
                onDeclined?.()
              }}
            >
              Don’t store it
            </button>
          </div>
        </div>
      )}
      <ErrorNote message={error} />
    </>
  )
}
