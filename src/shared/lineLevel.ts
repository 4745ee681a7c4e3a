// Levels and timestamps in common log formats, so the viewer can colour them and the server can filter
// by level. JSON lines with a level field; text lines with a level word near the start (syslog, log4j,
// Python logging, nginx, Go, Rust tracing); ISO 8601, syslog and common-log timestamps.
import type { LogLevelName } from './logs'

const levelWords: Record<string, LogLevelName> = {
  trace: 'trace',
  debug: 'debug',
  dbg: 'debug',
  info: 'info',
  inf: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  error: 'error',
  err: 'error',
  eror: 'error',
  fatal: 'fatal',
  crit: 'fatal',
  critical: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  panic: 'fatal',
}

// A level word standing alone (bracketed, followed by ':' or space), within the first 80 characters.
const textLevel =
  /(?:^|[\s[(<|])(trace|debug|dbg|info|inf|notice|warn|warning|wrn|error|err|eror|fatal|crit|critical|alert|emerg|panic)(?=[\s\]):>|]|$)/i
const jsonLevelFields = ['level', 'lvl', 'severity', 'log.level', 'levelname']

const timestampPatterns = [
  // 2026-11-24T05:33:05.123Z, 2026-11-24 05:33:05,123 +01:00
  /^\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|\s?[+-]\d{2}:?\d{2})?\]?/,
  // syslog: Nov 24 05:33:05
  /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}/,
  // common log: [24/Nov/2026:05:33:05 +0000] after the host and user fields
  /\[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\]/,
]

export interface LineAnalysis {
  level?: LogLevelName
  /** Where the timestamp stands in the text, as [start, end). */
  timestamp?: [number, number]
}

function levelFromWord(word: string): LogLevelName | undefined {
  return levelWords[word.toLowerCase()]
}

function jsonLevel(text: string): LogLevelName | undefined {
  if (!text.startsWith('{')) return undefined
  try {
    const record = JSON.parse(text) as Record<string, unknown>
    for (const field of jsonLevelFields) {
      const value = record[field]
      if (typeof value === 'string') return levelFromWord(value)
      // pino and bunyan write numbers: 10 trace … 60 fatal.
      if (typeof value === 'number')
        return (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[
          Math.min(5, Math.max(0, Math.floor(value / 10) - 1))
        ]
    }
  } catch {
    // Not JSON after all: read it as text.
  }
  return undefined
}

/** The level a line states, as a JSON field or as a word near its start. */
export function levelOf(text: string): LogLevelName | undefined {
  return jsonLevel(text) ?? levelFromWord(textLevel.exec(text.slice(0, 80))?.[1] ?? '')
}

/** Where the line's timestamp stands, as [start, end), if it has one in a known format. */
export function timestampOf(text: string): [number, number] | undefined {
  for (const pattern of timestampPatterns) {
    const match = pattern.exec(text)
    if (match) return [match.index, match.index + match[0].length]
  }
  return undefined
}

export function analyzeLine(text: string): LineAnalysis {
  const analysis: LineAnalysis = {}
  const level = levelOf(text)
  if (level) analysis.level = level
  const timestamp = timestampOf(text)
  if (timestamp) analysis.timestamp = timestamp
  return analysis
}
