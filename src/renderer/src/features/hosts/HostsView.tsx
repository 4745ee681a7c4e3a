// The Hosts view: the Prometheus servers the user added and the hosts they scrape, beside the charts of
// the host chosen. It follows the servers and the chosen host while mounted.
import './hosts.css'
import { useEffect, useState } from 'react'
import { AddServerForm } from './AddServerForm'
import { HostPanel } from './HostPanel'
import { followHosts } from './hostsStore'
import { ServerList } from './ServerList'

export function HostsView() {
  const [isAdding, setIsAdding] = useState(false)
  useEffect(() => followHosts(), [])
  return (
    <section className="view hosts-view" aria-labelledby="hosts-title">
      <header className="hosts-header">
        <h1 id="hosts-title">Hosts</h1>
        <span className="caption">from the Prometheus servers you add</span>
        <span className="spacer" />
        {!isAdding && (
          <button type="button" className="button" onClick={() => setIsAdding(true)}>
            Add server
          </button>
        )}
      </header>
      {isAdding && <AddServerForm onClose={() => setIsAdding(false)} />}
      <div className="hosts-layout">
        <ServerList />
        <HostPanel />
      </div>
    </section>
  )
}
