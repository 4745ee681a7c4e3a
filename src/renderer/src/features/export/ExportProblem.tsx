// Why the last export could not start (or an action on one failed), in the core's words, until dismissed.
import { dismissError, useExportsStore } from './exportsStore'

export function ExportProblem() {
  const error = useExportsStore((state) => state.error)
  if (!error) return null
  return (
    <p role="alert" className="error export-problem">
      {error}{' '}
      <button type="button" className="link-button" onClick={dismissError}>
        Dismiss
      </button>
    </p>
  )
}
