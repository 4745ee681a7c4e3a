// Log lines on the wire: what a client receives from the logs stream and sends to the ingest route.

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const
export type LogLevelName = (typeof logLevels)[number]

export function levelRank(level: LogLevelName): number {
  return logLevels.indexOf(level)
}
