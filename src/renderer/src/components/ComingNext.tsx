interface ComingNextProps {
  title: string
  summary: string
}

/** A view that a later release fills: it says so, and shows nothing that pretends to work. */
export function ComingNext({ title, summary }: ComingNextProps) {
  return (
    <section className="view" aria-labelledby="coming-next-title">
      <h1 id="coming-next-title">{title}</h1>
      <p className="coming-next">Coming next: {summary}</p>
    </section>
  )
}
