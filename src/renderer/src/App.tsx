import { Suspense, useEffect, useState } from 'react'
import { handleCoreEvent } from './coreEvents'
import { AlertBanner } from './features/alerts'
import { ChatView } from './features/chat'
import { ExportsView, ExportTray } from './features/export'
import { HostsView } from './features/hosts'
import { LogsView } from './features/logs'
import { MetricsView } from './features/metrics'
import { effectiveTheme, SettingsView, useThemeStore } from './features/settings'
import {
  connectToCore,
  followAddress,
  showView,
  Sidebar,
  StatusBar,
  useConnectionStore,
  useNavigationStore,
} from './features/shell'
import type { ViewId } from './lib/intents'

function CurrentView({ view }: { view: ViewId }) {
  switch (view) {
    case 'metrics':
      return <MetricsView />
    case 'hosts':
      return <HostsView />
    case 'logs':
      return <LogsView />
    case 'chat':
      return <ChatView />
    case 'exports':
      return <ExportsView />
    case 'settings':
      return <SettingsView />
  }
}

export function App() {
  const view = useNavigationStore((state) => state.view)
  const theme = useThemeStore(effectiveTheme)
  const status = useConnectionStore((state) => state.status)
  const [isShelfOpen, setShelfOpen] = useState(false)

  useEffect(() => connectToCore(handleCoreEvent), [])
  useEffect(() => followAddress(), [])
  // The desktop app shows the view a clicked notification is about.
  useEffect(() => window.vigilDesktop?.onShowView(showView), [])
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])

  return (
    <div className="app">
      <Sidebar />
      <div className="workspace">
        <main className="content">
          {status.state === 'offline' && (
            <div className="banner" role="alert">
              {status.detail}
            </div>
          )}
          <Suspense fallback={<p className="caption">Loading…</p>}>
            <CurrentView view={view} />
          </Suspense>
        </main>
        {/* Below the view, never over it: what runs or fires while any view is on screen. The Exports view
            shows its jobs itself. One line (the first job, the first alert) unless opened, so the smallest
            window still shows the view. */}
        <div className={isShelfOpen ? 'shelf' : 'shelf shelf-collapsed'} data-testid="shelf">
          {view !== 'exports' && <ExportTray />}
          <AlertBanner />
          <button
            type="button"
            className="shelf-toggle"
            aria-expanded={isShelfOpen}
            aria-label={isShelfOpen ? 'Fold the shelf to one line' : 'Open the whole shelf'}
            title={isShelfOpen ? 'One line' : 'Show everything'}
            onClick={() => setShelfOpen(!isShelfOpen)}
          >
            {isShelfOpen ? '▾' : '▴'}
          </button>
        </div>
      </div>
      <StatusBar />
    </div>
  )
}
