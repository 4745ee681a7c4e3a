// Adding a log file by its full path, or (in the desktop app) through the system's open dialog. The core checks the path (absolute, exists, a regular readable text
// file) and says what is wrong in words, shown under the field; an added file joins the view at once.
import { useState } from 'react'
import { showSource } from './sourceChoice'
import { addSource } from './sourcesStore'

export function AddSourceForm() {
  const [path, setPath] = useState('')
  const [problem, setProblem] = useState<string>()
  const [isAdding, setIsAdding] = useState(false)

  const add = async (trimmed: string) => {
    setIsAdding(true)
    try {
      const added = await addSource(trimmed)
      showSource(added.id)
      setPath('')
      setProblem(undefined)
    } catch (error) {
      setProblem((error as Error).message)
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
    </form>
  )
}
