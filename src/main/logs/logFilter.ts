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

export function compileFilter({ query, isRegex, matchCase, minLevel }: FilterSpec): LineFilter {
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
  return (line) =>
    (minimum === undefined || (line.level !== undefined && levelRank(line.level) >= minimum)) && matchesText(line.text)
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
  })
}
