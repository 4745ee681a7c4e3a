// The form that adds a Prometheus server: a name, the URL its API lives under and, if it wants one, a
// bearer token or a user name and password. The secret goes to the core once and is never shown again.
import { useState, type FormEvent } from 'react'
import type { ServerAuthInput } from '../../../../shared/fleet'
import { ApiRequestError, errorText } from '../../lib/api'
import { addServer } from './hostsStore'

type AuthKind = ServerAuthInput['kind']

export function AddServerForm({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('')
  const [url, setUrl] = useState('http://127.0.0.1:9090')
  const [authKind, setAuthKind] = useState<AuthKind>('none')
  const [token, setToken] = useState('')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string>()
  const [consent, setConsent] = useState<string>()
  const [isSaving, setIsSaving] = useState(false)

  const auth = (): ServerAuthInput =>
    authKind === 'bearer'
      ? { kind: 'bearer', token }
      : authKind === 'basic'
        ? { kind: 'basic', username, password }
        : { kind: 'none' }

  const save = (acceptWeakStorage: boolean) => {
    setIsSaving(true)
    setError(undefined)
    setConsent(undefined)
    const fallbackName = URL.canParse(url) ? new URL(url).host : url
    addServer({ name: name.trim() || fallbackName, url, auth: auth(), acceptWeakStorage }).then(
      onClose,
      (failure: unknown) => {
        // The core asks before keeping credentials it cannot encrypt: its reason, then the user's choice.
        if (failure instanceof ApiRequestError && failure.status === 409 && !acceptWeakStorage)
          setConsent(failure.message)
        else setError(errorText(failure))
        setIsSaving(false)
      },
    )
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    save(false)
  }

  return (
    <form className="panel server-form" aria-label="Add a Prometheus server" onSubmit={submit}>
      <div className="panel-header">
        <h2>Add a Prometheus server</h2>
      </div>
      <div className="server-form-fields">
        <label>
          Name
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder="home lab" />
        </label>
        <label className="server-form-url">
          URL
          <input
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            required
            placeholder="https://prometheus.example:9090"
          />
        </label>
        <label>
          Authentication
          <select
            aria-label="Authentication"
            value={authKind}
            onChange={(event) => setAuthKind(event.target.value as AuthKind)}
          >
            <option value="none">None</option>
            <option value="bearer">Bearer token</option>
            <option value="basic">User name and password</option>
          </select>
        </label>
        {authKind === 'bearer' && (
          <label>
            Token
            <input type="password" value={token} onChange={(event) => setToken(event.target.value)} required />
          </label>
        )}
        {authKind === 'basic' && (
          <>
            <label>
              User name
              <input value={username} onChange={(event) => setUsername(event.target.value)} required />
            </label>
            <label>
              Password
              <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} required />
            </label>
          </>
        )}
      </div>
      <p className="caption">
        Credentials stay in Vigil’s secret store and go only to this server’s address. https servers are checked against
        Node’s and the system’s certificate authorities.
      </p>
      {consent && (
        <p className="consent" role="alert">
          {consent}{' '}
          <button type="button" className="button" onClick={() => save(true)}>
            Store them this way
          </button>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="server-form-actions">
        <button type="submit" className="button button-primary" disabled={isSaving}>
          {isSaving ? 'Adding…' : 'Add server'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  )
}
