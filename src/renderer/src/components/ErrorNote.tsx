// A failure said where it happened: an alert paragraph, or nothing when there is no failure.
export function ErrorNote({ message }: { message: string | undefined }) {
  return message ? (
    <p role="alert" className="error">
      {message}
    </p>
  ) : null
}
