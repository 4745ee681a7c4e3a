import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { intentHandlers } from './intentHandlers'
import { bindIntents } from './lib/intents'
import { adoptLaunchToken } from './lib/launchToken'
import './styles.css'
import './controls.css'

bindIntents(intentHandlers)

// The token first: every request and stream the UI makes carries it.
void adoptLaunchToken().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
)
