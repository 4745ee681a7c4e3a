import { showView, useNavigationStore, views } from './navigationStore'

export function Sidebar() {
  const current = useNavigationStore((state) => state.view)
  return (
    <nav className="sidebar" aria-label="Views">
      <div className="brand">
        <img src="/icon.svg" alt="" width={24} height={24} />
        <span>Vigil</span>
      </div>
      <ul>
        {views.map((view) => (
          <li key={view.id}>
            <button
              type="button"
              aria-current={current === view.id ? 'page' : undefined}
              onClick={() => showView(view.id)}
            >
              {view.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
