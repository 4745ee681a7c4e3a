// The second confirmation before lines of a sensitive log source go to an AI endpoint off this machine
// (DESIGN.md section 4): asked by the composer before a send, and for any generation the core refused
// for that reason (a regenerate or an edit resends the earlier messages' lines too).
interface SensitiveQuestionProps {
  message: string
  onAnswer(isSent: boolean): void
}

export function SensitiveQuestion({ message, onAnswer }: SensitiveQuestionProps) {
  return (
    <div className="composer-sensitive" role="alertdialog" aria-label="Sensitive lines">
      <p>{message}</p>
      <button type="button" className="button" onClick={() => onAnswer(true)}>
        Send them anyway
      </button>{' '}
      <button type="button" className="button" onClick={() => onAnswer(false)}>
        Don’t send
      </button>
    </div>
  )
}
