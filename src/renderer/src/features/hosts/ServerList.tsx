// The servers the user added, each with the hosts it scrapes: up or down, what they are (node_exporter,
// Vigil, other) and the last scrape error. Choosing a host shows its charts; a server that cannot be read
// says why in place of its list.
import type { FleetTarget, PrometheusServerView } from '../../../../shared/fleet'
import { ProblemNote } from './ProblemNote'
import { removeServer, selectHost, useHostsStore } from './hostsStore'

const kindLabels: Record<FleetTarget['kind'], string> = { node: 'node_exporter', vigil: 'Vigil', other: 'other' }

const authLabel = (server: PrometheusServerView) =>
  server.auth.kind === 'bearer' ? 'bearer token' : server.auth.kind === 'basic' ? `user ${server.auth.username}` : ''

function TargetItem({ server, target }: { server: PrometheusServerView; target: FleetTarget }) {
  const isSelected = useHostsStore(
    (state) => state.selected?.serverId === server.id && state.selected.instance === target.instance,
  )
  return (
    <li>
      <button
        type="button"
        className="target"
        aria-pressed={isSelected}
        data-testid="host-target"
        data-health={target.health}
        onClick={() => selectHost(server.id, target.instance)}
      >
        <span className={`state-dot target-${target.health}`}>{target.instance}</span>
        <span className="target-facts">
          {target.job} · {kindLabels[target.kind]} · {target.health}
        </span>
        {target.lastError && <span className="target-error">{target.lastError}</span>}
      </button>
    </li>
  )
}

function ServerItem({ server }: { server: PrometheusServerView }) {
  const entry = useHostsStore((state) => state.targets[server.id])
  const remove = () => {
    if (window.confirm(`Remove ${server.name} and its credentials from Vigil?`)) void removeServer(server.id)
  }
  return (
    <li className="panel server" data-testid="fleet-server">
      <div className="panel-header">
        <h2>{server.name}</h2>
        <span className="spacer" />
        <button type="button" className="link-button" onClick={remove}>
          Remove
        </button>
      </div>
      <p className="server-url" title={server.url}>
        {server.url}
        {authLabel(server) && <span className="muted"> · {authLabel(server)}</span>}
      </p>
      {entry?.problem && <ProblemNote problem={entry.problem} testId="targets-problem" />}
      {entry?.targets && entry.targets.length === 0 && <p className="caption">This server scrapes no targets.</p>}
      {!entry && <p className="caption">Reading its targets…</p>}
      {entry?.targets && entry.targets.length > 0 && (
        <ul className="targets">
          {entry.targets.map((target) => (
            <TargetItem key={`${target.job}/${target.instance}`} server={server} target={target} />
          ))}
        </ul>
      )}
    </li>
  )
}

export function ServerList() {
  const servers = useHostsStore((state) => state.servers)
  const loadError = useHostsStore((state) => state.loadError)
  return (
    <div className="servers">
      {loadError && <p className="error">{loadError}</p>}
      {servers.length === 0 && !loadError && (
        <p className="caption">No Prometheus server yet: add one to see the hosts it scrapes.</p>
      )}
      <ul className="server-list">
        {servers.map((server) => (
          <ServerItem key={server.id} server={server} />
        ))}
      </ul>
    </div>
  )
}
