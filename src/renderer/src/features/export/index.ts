// The face of Exports: what the rest of the app may use (lint: eslint.config.js, feature faces).
export { exportWithLastOptions, applyExportHistory, applyExportJobs, useExportsStore } from './exportsStore'
export { ExportsView } from './ExportsView'
export { ExportTray } from './ExportTray'
