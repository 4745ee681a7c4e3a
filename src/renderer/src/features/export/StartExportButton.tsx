// The Exports form's start button: disabled with the reason beside it while the form is incomplete;
// in the desktop app it opens the save dialog, in a browser the download starts.
import { useState } from 'react'
import type { ExportRequest } from '../../../../shared/export'
import { startExport } from './exportsStore'

interface StartExportButtonProps {
  /** Why the form cannot be exported yet, for people. */
  problem: string | undefined
  /** The request from the form as it is at the click, or why there is none. */
  make(): ExportRequest | string
}

export function StartExportButton({ problem, make }: StartExportButtonProps) {
  const [isStarting, setIsStarting] = useState(false)
  const [lateProblem, setLateProblem] = useState<string>()
  const start = () => {
    const request = make()
    setLateProblem(typeof request === 'string' ? request : undefined)
    if (typeof request === 'string') return
    setIsStarting(true)
    void startExport(request).finally(() => setIsStarting(false))
  }
  const shown = problem ?? lateProblem
  return (
    <div className="export-start">
      <button
        type="button"
        className="button button-primary"
        disabled={problem !== undefined || isStarting}
        onClick={start}
      >
        {isStarting ? 'Starting…' : window.vigilDesktop ? 'Export…' : 'Export'}
      </button>
      {shown && <span className="caption">{shown}</span>}
    </div>
  )
}
