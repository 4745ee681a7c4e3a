// The server-side filter of the logs stream: text or a regular expression, case-insensitive unless the
// user asks to match case, and a minimum level. An invalid expression is refused with the engine's own message.
import { levelRank, type LogLevelName, type LogLine } from '../../shared/logs'
import { VigilError } from '../../shared/errors'

export interface FilterSpec {
  query: string
  isRegex: boolean
  matchCase: boolean
  minLevel: LogLevelName | undefined
}

export type LineFilter = (line: LogLine) => boolean

/**
 * A plain-text filter's text, for searching blocks of a file (logs/scan.ts). Matching case: the text,
 * and its UTF-8 bytes to find in a block's bytes (a valid UTF-8 sequence is found only where its
 * characters are). Ignoring case: its lower-cased text, and the same as a case-insensitive pattern for
 * ASCII slices.
 */
export type TextSearch =
  { matchCase: true; query: string; bytes: Buffer } | { matchCase: false; lower: string; pattern: RegExp }

/** One filter, compiled once, for the live stream and for scans alike, so the two cannot disagree. */
export interface CompiledFilter {
  matches: LineFilter
  /** The level test alone: for a line already known to hold the filter's text. */
  matchesLevel: LineFilter
  /** Set for a plain-text filter that a block search can find (no line break or control character in it). */
  search?: TextSearch
}

export function compileFilter({ query, isRegex, matchCase, minLevel }: FilterSpec): CompiledFilter {
  let matchesText: (text: string) => boolean = () => true
  if (query !== '' && isRegex) {
    let pattern: RegExp
    try {
      pattern = new RegExp(query, matchCase ? '' : 'i')
    } catch (error) {
      throw new VigilError('bad_request', `The filter is not a valid regular expression: ${(error as Error).message}`)
    }
    matchesText = (text) => pattern.test(text)
  } else if (query !== '' && matchCase) {
    matchesText = (text) => text.includes(query)
  } else if (query !== '') {
    const needle = query.toLowerCase()
    matchesText = (text) => text.toLowerCase().includes(needle)
  }
  // With a minimum level, lines with no level of their own (stack traces, wrapped text) are left out.
  const minimum = minLevel === undefined ? undefined : levelRank(minLevel)
  const matchesLevel: LineFilter = (line) =>
    minimum === undefined || (line.level !== undefined && levelRank(line.level) >= minimum)
  // Text holding a line break or another control character is never in a line as the viewer shows it,
  // but could be found across lines in a block: such a filter checks every line instead.
  // eslint-disable-next-line no-control-regex
  const isSearchable = query !== '' && !isRegex && !/[\x00-\x08\x0a-\x1f\x7f]/.test(query)
  return {
    matches: (line) => matchesLevel(line) && matchesText(line.text),
    matchesLevel,
    ...(isSearchable ? { search: textSearchOf(query, matchCase) } : {}),
  }
}

function textSearchOf(query: string, matchCase: boolean): TextSearch {
  if (matchCase) return { matchCase, query, bytes: Buffer.from(query, 'utf8') }
  const lower = query.toLowerCase()
  // From the lower-cased text, as the live filter compares: in ASCII text the two then agree exactly.
  return { matchCase, lower, pattern: new RegExp(lower.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi') }
}

/** The filter a stream or read request asks for in its query (`q`, `regex`, `case`, `level`). */
export function filterOfQuery(query: {
  q: string
  regex: '0' | '1'
  case: '0' | '1'
  level?: LogLevelName | undefined
}): LineFilter {
  return compileFilter({
    query: query.q,
    isRegex: query.regex === '1',
    matchCase: query.case === '1',
    minLevel: query.level,
  }).matches
}
