// A button that opens a short list of actions below it (a <details> element, so it opens with the keyboard
// too). Choosing an action, clicking elsewhere or pressing Escape closes it.
import { useEffect, useRef, useState } from 'react'

export interface MenuItem {
  label: string
  /** A longer description, shown on hover. */
  title?: string
  onSelect(): void
}

interface MenuProps {
  /** What the button shows. */
  label: string
  /** What the button and its list are called, when the label is a sign such as "⋯". */
  name?: string
  items: readonly MenuItem[]
}

export function Menu({ label, name = label, items }: MenuProps) {
  const detailsRef = useRef<HTMLDetailsElement>(null)
  const [isOpen, setIsOpen] = useState(false)

  useEffect(() => {
    if (!isOpen) return undefined
    const close = () => {
      if (detailsRef.current) detailsRef.current.open = false
    }
    const onPointerDown = (event: PointerEvent) => {
      if (!detailsRef.current?.contains(event.target as Node)) close()
    }
    const onKeyDown = (event: KeyboardEvent) => event.key === 'Escape' && close()
    document.addEventListener('pointerdown', onPointerDown)
    document.addEventListener('keydown', onKeyDown)
    return () => {
      document.removeEventListener('pointerdown', onPointerDown)
      document.removeEventListener('keydown', onKeyDown)
    }
  }, [isOpen])

  return (
    <details ref={detailsRef} className="menu" onToggle={(event) => setIsOpen(event.currentTarget.open)}>
      <summary className="button" aria-label={name === label ? undefined : name} title={name}>
        {label}
      </summary>
      <ul className="menu-items" role="menu" aria-label={name}>
        {items.map((item) => (
          <li key={item.label} role="none">
            <button
              type="button"
              role="menuitem"
              title={item.title}
              onClick={() => {
                detailsRef.current!.open = false
                item.onSelect()
              }}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </details>
  )
}
