import { lazy, Suspense, useEffect } from 'react'
import { AlertBanner } from './features/alerts/AlertBanner'
import { ExportsView } from './features/export/ExportsView'
import { ExportTray } from './features/export/ExportTray'
import { LogsView } from './features/logs/LogsView'
import { MetricsView } from './features/metrics/MetricsView'
import { SettingsView } from './features/settings/SettingsView'
import { effectiveTheme, useThemeStore } from './features/settings/themeStore'
import { connectToCore, useConnectionStore } from './features/shell/connectionStore'
import { useNavigationStore, type ViewId } from './features/shell/navigationStore'
import { Sidebar } from './features/shell/Sidebar'
import { StatusBar } from './features/shell/StatusBar'

// Loaded when first opened: the chat's Markdown and syntax highlighting are 40 % of the renderer's code,
// and a window opens on the metrics.
const ChatView = lazy(() => import('./features/chat/ChatView').then((module) => ({ default: module.ChatView })))

function CurrentView({ view }: { view: ViewId }) {
  switch (view) {
    case 'metrics':
      return <MetricsView />
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

  useEffect(() => connectToCore(), [])
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
        {/* Below the view, never over it: what runs or fires while any view is on screen. */}
        <div className="shelf">
          <ExportTray />
          <AlertBanner />
        </div>
      </div>
      <StatusBar />
    </div>
  )
}
