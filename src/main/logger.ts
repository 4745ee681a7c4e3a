// Vigil's own log: structured entries (time, level, component, message) handed to a sink.
// The core writes to it; browser mode prints it, tests collect it, the Logs issue will stream it.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface LogEntry {
  time: number
  level: LogLevel
  component: string
  message: string
}

export type LogSink = (entry: LogEntry) => void

export interface Logger {
  debug(component: string, message: string): void
  info(component: string, message: string): void
  warn(component: string, message: string): void
  error(component: string, message: string): void
}

export function createLogger(sink: LogSink, now: () => number = Date.now): Logger {
  const log = (level: LogLevel) => (component: string, message: string) =>
    sink({ time: now(), level, component, message })
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

/** One line per entry on stderr, for browser mode in a terminal. Debug entries are left out. */
export function consoleSink(entry: LogEntry): void {
  if (entry.level === 'debug') return
  const time = new Date(entry.time).toISOString()
  process.stderr.write(`${time} ${entry.level.toUpperCase().padEnd(5)} [${entry.component}] ${entry.message}\n`)
}
