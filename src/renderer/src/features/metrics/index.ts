// The face of Metrics: what the rest of the app may use (lint: eslint.config.js, feature faces).
export { metricsExport } from './exportWindow'
export { MetricsView } from './MetricsView'
export { focusMoment } from './momentStore'
export { useMetricsStore } from './metricsStore'
export { findTimeWindow, timeWindows, type TimeRange, type TimeWindowId } from './timeWindow'
export { TimeChart } from './TimeChart'
export type { ChartSpec } from './chartCatalog'
export type { ChartSource } from './chartController'
