// Adding a log file by its full path, or (in the desktop app) through the system's open dialog. The core checks the path (absolute, exists, a regular readable text
// file) and says what is wrong in words, shown under the field; an added file joins the view at once.
// A file only root or another user may read comes back as a conflict naming the risk: the form shows it
// and adds the file, marked sensitive, only when the user confirms.
import { useState } from 'react'
import { ApiRequestError } from '../../lib/api'
import { showSource } from './sourceChoice'
import { addSource } from './sourcesStore'

export function AddSourceForm() {
  const [path, setPath] = useState('')
  const [problem, setProblem] = useState<string>()
  const [isAdding, setIsAdding] = useState(false)
  /** The path and the core's words about why it is sensitive, while the user decides. */
  const [pendingSensitive, setPendingSensitive] = useState<{ path: string; message: string }>()

  const add = async (trimmed: string, confirmSensitive = false) => {
    setIsAdding(true)
    setPendingSensitive(undefined)
    try {
      const added = await addSource(trimmed, confirmSensitive)
      showSource(added.id)
      setPath('')
      setProblem(undefined)
    } catch (error) {
      if (error instanceof ApiRequestError && error.error.code === 'conflict' && error.error.details?.isSensitive) {
        setProblem(undefined)
        setPendingSensitive({ path: trimmed, message: error.message })
      } else setProblem((error as Error).message)
    } finally {
      setIsAdding(false)
    }
  }

  const submit = (event: React.FormEvent) => {
    event.preventDefault()
    const trimmed = path.trim()
    if (trimmed === '') setProblem('Type the full path of a log file, such as /var/log/syslog.')
    else void add(trimmed)
  }

  // The desktop app offers the system's open dialog; the core checks the chosen path like a typed one.
  const desktop = window.vigilDesktop
  const choose = async () => {
    const chosen = await desktop?.chooseLogFile()
    if (chosen) await add(chosen)
  }

  return (
    <form className="log-add" onSubmit={submit}>
      <label htmlFor="log-add-path">Add a log file</label>
      <div className="log-add-row">
        <input
          id="log-add-path"
          type="text"
          placeholder="/var/log/syslog"
          spellCheck={false}
          autoComplete="off"
          value={path}
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? 'log-add-problem' : undefined}
          onChange={(event) => {
            setPath(event.target.value)
            setProblem(undefined)
            setPendingSensitive(undefined)
          }}
        />
        <button type="submit" className="button" disabled={isAdding}>
          Add
        </button>
        {desktop && (
          <button type="button" className="button" disabled={isAdding} onClick={() => void choose()}>
            Choose file…
          </button>
        )}
      </div>
      {problem && (
        <p id="log-add-problem" className="log-add-problem" role="alert">
          {problem}
        </p>
      )}
      {pendingSensitive && (
        <div className="log-add-sensitive" role="alertdialog" aria-label="A sensitive file">
          <p>{pendingSensitive.message}</p>
          <div className="log-add-row">
            <button
              type="button"
              className="button"
              disabled={isAdding}
              onClick={() => void add(pendingSensitive.path, true)}
            >
              Follow it, marked sensitive
            </button>
            <button type="button" className="button" onClick={() => setPendingSensitive(undefined)}>
              Don’t add it
            </button>
          </div>
        </div>
      )}
    </form>
  )
}
