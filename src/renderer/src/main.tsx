import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { intentHandlers } from './intentHandlers'
import { bindIntents } from './lib/intents'
import './styles.css'
import './controls.css'

bindIntents(intentHandlers)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
