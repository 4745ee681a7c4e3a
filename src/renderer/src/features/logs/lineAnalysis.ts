// Levels and timestamps are read from a line's text here, in the viewer, and only for the lines drawn:
// the server sends text alone (a storm of lines costs it no per-line analysis), except a level the
// sender stated. Lines are analyzed once, the first time they are drawn.
import { analyzeLine } from '../../../../shared/lineLevel'
import type { LogLine } from '../../../../shared/logs'

const analyzedLines = new WeakSet<LogLine>()

/** The line, its level (unless stated) and timestamp filled in from its text. */
export function analyzed(line: LogLine): LogLine {
  if (analyzedLines.has(line)) return line
  const { level, timestamp } = analyzeLine(line.text)
  if (level && !line.level) line.level = level
  if (timestamp) line.timestamp = timestamp
  analyzedLines.add(line)
  return line
}
