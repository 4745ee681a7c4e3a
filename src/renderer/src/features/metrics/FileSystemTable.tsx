// Mounted file systems with size, used, free and a usage bar, from the fs_* series (refreshed with the
// numbers, once a second) and the device and type from the machine info.
import { formatBytes, formatPercent } from '../../../../shared/format'
import { subjectsOf } from './chartCatalog'
import { useMetricsStore } from './metricsStore'

/** Usage above these shares is shown as a warning, then as a problem. */
const warnAbovePct = 80
const badAbovePct = 90

function usageLevel(usedPct: number): string {
  return usedPct > badAbovePct ? 'usage-bad' : usedPct > warnAbovePct ? 'usage-warn' : 'usage-ok'
}

export function FileSystemTable() {
  const latest = useMetricsStore((state) => state.latest)
  const machine = useMetricsStore((state) => state.machine)
  const mounts = subjectsOf(Object.keys(latest), 'filesystem', 'size_bytes')
  if (mounts.length === 0) return null

  return (
    <section className="panel" aria-labelledby="filesystems-title" data-testid="filesystems">
      <header className="panel-header">
        <h2 id="filesystems-title">File systems</h2>
      </header>
      <table className="data-table">
        <thead>
          <tr>
            <th>Mount</th>
            <th>Device</th>
            <th>Type</th>
            <th className="number">Size</th>
            <th className="number">Used</th>
            <th className="number">Free</th>
            <th className="usage-column">Usage</th>
          </tr>
        </thead>
        <tbody>
          {mounts.map((mount) => {
            const value = (measure: string) => latest[`fs_${mount}_${measure}`]
            const info = machine?.fileSystems.find((fileSystem) => fileSystem.mount === mount)
            const usedPct = value('used_pct') ?? 0
            return (
              <tr key={mount}>
                <td className="mount">{mount}</td>
                <td className="device">{info?.device ?? '–'}</td>
                <td>{info?.type ?? '–'}</td>
                <td className="number">{formatBytes(value('size_bytes') ?? Number.NaN)}</td>
                <td className="number">{formatBytes(value('used_bytes') ?? Number.NaN)}</td>
                <td className="number">{formatBytes(value('free_bytes') ?? Number.NaN)}</td>
                <td className="usage-column">
                  <span className="usage">
                    <span className="usage-track">
                      <span
                        className={`usage-fill ${usageLevel(usedPct)}`}
                        style={{ width: `${Math.min(100, Math.max(0, usedPct))}%` }}
                      />
                    </span>
                    <span className="usage-text">{formatPercent(usedPct)}</span>
                  </span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}
