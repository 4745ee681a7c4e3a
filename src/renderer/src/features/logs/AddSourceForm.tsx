// Adding a log file by its full path. The core checks the path (absolute, exists, a regular readable text
// file) and says what is wrong in words, shown under the field; an added file joins the view at once.
import { useState } from 'react'
import { showSource } from './sourceChoice'
import { addSource } from './sourcesStore'

export function AddSourceForm() {
  const [path, setPath] = useState('')
  const [problem, setProblem] = useState<string>()
  const [isAdding, setIsAdding] = useState(false)

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const trimmed = path.trim()
    if (trimmed === '') {
      setProblem('Type the full path of a log file, such as /var/log/syslog.')
      return
    }
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

  return (
    <form className="log-add" onSubmit={(event) => void submit(event)}>
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
      </div>
      {problem && (
        <p id="log-add-problem" className="log-add-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}
