import { useEffect } from 'react'
import { AlertBanner } from './features/alerts/AlertBanner'
import { ChatView } from './features/chat/ChatView'
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
      <main className="content">
        <AlertBanner />
        {status.state === 'offline' && (
          <div className="banner" role="alert">
            {status.detail}
          </div>
        )}
        <CurrentView view={view} />
        <ExportTray />
      </main>
      <StatusBar />
    </div>
  )
}
