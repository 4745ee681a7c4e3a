// The face of Alerts: what the rest of the app may use (lint: eslint.config.js, feature faces).
export { AlertBanner } from './AlertBanner'
export { AlertsPanel } from './AlertsPanel'
export { applyAlertsEvent, useAlertsStore } from './alertsStore'
