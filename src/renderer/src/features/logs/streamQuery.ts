// What the logs stream is asked for: sources, how many lines to start with, and the filter. Checked here
// as the server checks it (logsStreamQuerySchema, compileFilter), so that a filter the server would
// refuse is shown at once while typing and never sent.
// Pure: no DOM, no React.
import { logRoutes, type LogLevelName } from '../../../../shared/logs'

interface LogsFilter {
  text: string
  isRegex: boolean
  /** Text or expression compared with case as typed; otherwise case is ignored. */
  matchCase: boolean
  /** Lines at or above this level only (lines with no level are then left out, as on the server). */
  minLevel: LogLevelName | undefined
}

export interface LogsQuery {
  sourceIds: readonly string[]
  tailLines: number
  filter: LogsFilter
}

export const tailChoices = [100, 1000, 10_000] as const
export const levelChoices = [undefined, 'debug', 'info', 'warn', 'error'] as const satisfies readonly (
  LogLevelName | undefined
)[]
const maxFilterLength = 1000
const maxStreamSources = 32

export const noFilter: LogsFilter = { text: '', isRegex: false, matchCase: false, minLevel: undefined }

/** Why the server would refuse this filter, in words for people; undefined when it is fine. */
export function filterProblem(text: string, isRegex: boolean): string | undefined {
  if (text.length > maxFilterLength) return `The filter is too long (at most ${maxFilterLength} characters).`
  if (!isRegex || text === '') return undefined
  try {
    new RegExp(text, 'i')
    return undefined
  } catch (error) {
    // The engine says "Invalid regular expression: /(a/i: Unterminated group": keep what is wrong.
    return `Not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`
  }
}

export function isFiltered(filter: LogsFilter): boolean {
  return filter.text !== '' || filter.minLevel !== undefined
}

/** The stream's path and query; undefined when no source is chosen (the server needs at least one). */
export function streamPath({ sourceIds, tailLines, filter }: LogsQuery): string | undefined {
  if (sourceIds.length === 0) return undefined
  const parameters = new URLSearchParams({
    sources: sourceIds.slice(0, maxStreamSources).join(','),
    tail: String(tailLines),
  })
  addFilterParameters(parameters, filter)
  return `${logRoutes.stream}?${parameters.toString()}`
}

/** The filter as the server takes it, on the stream and on the read route alike. */
export function addFilterParameters(parameters: URLSearchParams, filter: LogsFilter): URLSearchParams {
  if (filter.text !== '') {
    parameters.set('q', filter.text)
    parameters.set('regex', filter.isRegex ? '1' : '0')
    if (filter.matchCase) parameters.set('case', '1')
  }
  if (filter.minLevel) parameters.set('level', filter.minLevel)
  return parameters
}
