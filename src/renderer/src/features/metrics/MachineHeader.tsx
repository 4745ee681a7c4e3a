// The machine at a glance: host, OS, kernel, CPU, memory and a ticking uptime.
import { useEffect, useState } from 'react'
import { formatBytes } from '../../../../shared/format'
import { formatUptime } from './chartFormat'
import { useMetricsStore } from './metricsStore'

function Uptime({ bootTime }: { bootTime: number }) {
  const [nowMs, setNowMs] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  return <span data-testid="uptime">{formatUptime(nowMs - bootTime)}</span>
}

export function MachineHeader() {
  const machine = useMetricsStore((state) => state.machine)
  const machineError = useMetricsStore((state) => state.machineError)
  const facts = machine
    ? [
        { label: 'OS', value: `${machine.os} (${machine.arch})` },
        { label: 'Kernel', value: machine.kernel },
        { label: 'CPU', value: `${machine.cpuModel}, ${machine.cores} cores` },
        { label: 'Memory', value: formatBytes(machine.memTotalBytes) },
      ]
    : []
  return (
    <header className="machine-header" data-testid="machine-header">
      <h1 id="metrics-title">
        Metrics <span className="hostname">{machine?.hostname ?? ''}</span>
      </h1>
      {machineError && <p className="error">{machineError}</p>}
      <dl className="machine-facts">
        {facts.map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
        {machine && (
          <div>
            <dt>Up</dt>
            <dd>
              <Uptime bootTime={machine.bootTime} />
            </dd>
          </div>
        )}
      </dl>
    </header>
  )
}
