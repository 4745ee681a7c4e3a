// The server-side filter of the logs stream: text (case-insensitive) or a regular expression, and a
// minimum level. An invalid expression is refused with the engine's own message.
import { levelRank, type LogLevelName, type LogLine } from '../../shared/logs'
import { HttpError } from '../server/httpError'

export interface FilterSpec {
  query: string
  isRegex: boolean
  minLevel: LogLevelName | undefined
}

export type LineFilter = (line: LogLine) => boolean

export function compileFilter({ query, isRegex, minLevel }: FilterSpec): LineFilter {
  let matchesText: (text: string) => boolean = () => true
  if (query !== '' && isRegex) {
    let pattern: RegExp
    try {
      pattern = new RegExp(query, 'i')
    } catch (error) {
      throw new HttpError(400, 'bad_request', `The filter is not a valid regular expression: ${(error as Error).message}`)
    }
    matchesText = (text) => pattern.test(text)
  } else if (query !== '') {
    const needle = query.toLowerCase()
    matchesText = (text) => text.toLowerCase().includes(needle)
  }
  // With a minimum level, lines with no level of their own (stack traces, wrapped text) are left out.
  const minimum = minLevel === undefined ? undefined : levelRank(minLevel)
  return (line) => (minimum === undefined || (line.level !== undefined && levelRank(line.level) >= minimum)) && matchesText(line.text)
}
