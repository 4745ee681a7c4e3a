// Settings → Prometheus: turning /metrics on (off by default), the scrape token shown once with a way to
// renew it, and the optional listen address for scrapers on other machines, with its warning.
import { useEffect, useState } from 'react'
import { parseListenAddress } from '../../../../shared/exporter'
import { ErrorNote } from '../../components/ErrorNote'
import { dismissScrapeToken, loadExporter, renewScrapeToken, saveExporter, useExporterStore } from './exporterStore'

function RemoteState() {
  const remote = useExporterStore((state) => state.status?.remote)
  if (!remote || remote.state === 'off') return null
  if (remote.state === 'listening')
    return <p className="caption">Serving /metrics to other machines on {remote.address}.</p>
  return (
    <p role="alert" className="error">
      Not listening on {remote.address}: {remote.message}
    </p>
  )
}

/** The remote listen address, edited from the saved one (keyed by it: a new saved address starts it afresh). */
function ListenAddressForm({ saved }: { saved: string | null }) {
  const isSaving = useExporterStore((state) => state.isSaving)
  const [address, setAddress] = useState(saved ?? '')
  const typed = address.trim()
  const isValid = typed === '' || parseListenAddress(typed) !== undefined
  return (
    <>
      <label className="prometheus-address">
        Also listen for other machines on (empty: this machine only)
        <span className="key-form">
          <input
            value={address}
            placeholder="0.0.0.0:9101"
            aria-invalid={!isValid}
            onChange={(event) => setAddress(event.target.value)}
          />
          <button
            type="button"
            className="button"
            disabled={isSaving || !isValid || typed === (saved ?? '')}
            onClick={() => void saveExporter({ isEnabled: true, listenAddress: typed || null })}
          >
            Save
          </button>
        </span>
      </label>
      {!isValid && (
        <p role="alert" className="error">
          Give an IP address and a port, such as 0.0.0.0:9101 or [::]:9101.
        </p>
      )}
      {typed !== '' && (
        <p className="consent">
          Anyone on the network who has the scrape token can then read this machine’s figures (host name, mounts,
          network interfaces, log counts), sent without encryption. Use it on a network you trust, or put TLS in front
          of it.
        </p>
      )}
      <RemoteState />
    </>
  )
}

function ShownToken({ token }: { token: string }) {
  return (
    <div className="consent" role="alertdialog" aria-label="Your scrape token">
      <p>Copy this scrape token now: Vigil will not show it again.</p>
      <p>
        <code className="scrape-token">{token}</code>
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(token)}>
          Copy
        </button>
        <button type="button" className="button" onClick={dismissScrapeToken}>
          I have copied it
        </button>
      </div>
    </div>
  )
}

export function PrometheusSettings() {
  const status = useExporterStore((state) => state.status)
  const shownToken = useExporterStore((state) => state.shownToken)
  const isSaving = useExporterStore((state) => state.isSaving)
  const error = useExporterStore((state) => state.error)

  useEffect(() => void loadExporter(), [])

  return (
    <fieldset className="card prometheus-settings">
      <legend>Prometheus</legend>
      {status && (
        <>
          <label className="choice">
            <input
              type="checkbox"
              checked={status.isEnabled}
              disabled={isSaving}
              onChange={(event) =>
                void saveExporter({ isEnabled: event.target.checked, listenAddress: status.listenAddress })
              }
            />
            Let Prometheus scrape this machine’s metrics at /metrics
          </label>
          <p className="caption">
            Prometheus sends the scrape token as a bearer token (<code>authorization</code> with{' '}
            <code>type: Bearer</code> in its scrape configuration); Vigil’s launch token is not accepted there. The
            token is kept {status.tokenStorage}.
          </p>
          {status.isEnabled && (
            <p className="caption">
              On this machine: <code>http://{location.host}/metrics</code>. That port changes at each start (unless
              browser mode is started with <code>--port</code>): for a fixed address, give a listen address below.
            </p>
          )}
          {shownToken && <ShownToken token={shownToken} />}
          {status.hasToken && (
            <div className="form-actions">
              <button type="button" className="button" disabled={isSaving} onClick={() => void renewScrapeToken()}>
                Renew token
              </button>
              <span className="caption">The current token stops working at once.</span>
            </div>
          )}
          {status.isEnabled && <ListenAddressForm key={status.listenAddress ?? ''} saved={status.listenAddress} />}
        </>
      )}
      <ErrorNote message={error} />
    </fieldset>
  )
}
