// The face of Logs: what the rest of the app may use (lint: eslint.config.js, feature faces).
export { wholeSourcesExport } from './logsExport'
export { useLogsStore } from './logsStore'
export { LogsView } from './LogsView'
export { refreshSources, useSourcesStore } from './sourcesStore'
export { filterProblem } from './streamQuery'
