// A column heading that sorts its table: a button that says which way the column is sorted, for the eye
// (▲ ▼) and for assistive technology (aria-sort).

export interface SortableHeaderProps {
  label: string
  /** The column's order, or undefined when the table is sorted by another column. */
  direction: 'ascending' | 'descending' | undefined
  onSort(): void
  className?: string
  title?: string
}

export function SortableHeader({ label, direction, onSort, className, title }: SortableHeaderProps) {
  return (
    <th className={className} aria-sort={direction} title={title}>
      <button type="button" onClick={onSort}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
        </span>
      </button>
    </th>
  )
}
