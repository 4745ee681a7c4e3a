// The processes the recorder kept at one moment (the time cursor's, an alert episode's start), as a table:
// name, PID, user, CPU and memory, in the order given.
import type { ReactNode } from 'react'
import { formatBytes, formatPercent } from '../../../shared/format'
import type { RecordedProcess } from '../../../shared/recorder'

export function RecordedProcessTable({
  processes,
  caption,
  className,
  testId,
}: {
  processes: readonly RecordedProcess[]
  caption?: ReactNode
  className: string
  testId: string
}) {
  return (
    <table className={`data-table ${className}`} data-testid={testId}>
      {caption && <caption className="caption">{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">PID</th>
          <th scope="col">User</th>
          <th scope="col">CPU</th>
          <th scope="col">Memory</th>
        </tr>
      </thead>
      <tbody>
        {processes.map((entry) => (
          <tr key={entry.pid} data-pid={entry.pid}>
            <td>{entry.name}</td>
            <td>{entry.pid}</td>
            <td>{entry.user}</td>
            <td>{formatPercent(entry.cpuPct)}</td>
            <td>{formatBytes(entry.memBytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
