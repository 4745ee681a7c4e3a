// Which feature carries out each intent of lib/intents.ts. main.tsx binds them before the first render.
import { attachToChat } from './features/chat'
import { exportWithLastOptions } from './features/export'
import { focusMoment } from './features/metrics'
import { showView } from './features/shell'
import type { IntentHandlers } from './lib/intents'

export const intentHandlers: IntentHandlers = {
  showView,
  exportThis: exportWithLastOptions,
  askAiAbout(context) {
    attachToChat(context)
    showView('chat')
  },
  showMoment(atMs) {
    void focusMoment(atMs)
    showView('metrics')
  },
}
