// The server-side filter of the logs stream: text or a regular expression, case-insensitive unless the
// user asks to match case, and a minimum level. An invalid expression is refused with the engine's own message.
import { levelOf } from '../../shared/lineLevel'
import { levelRank, type LineBatch, type LineDetails, type LogLevelName } from '../../shared/logs'
import { VigilError } from '../../shared/errors'

export interface FilterSpec {
  query: string
  isRegex: boolean
  matchCase: boolean
  minLevel: LogLevelName | undefined
}

/** Whether a line is kept, by its text and the level its sender stated (else read from the text). */
export type LineFilter = ((text: string, statedLevel?: LogLevelName) => boolean) & { readonly keepsAll?: true }

export function compileFilter({ query, isRegex, matchCase, minLevel }: FilterSpec): LineFilter {
  if (query === '' && minLevel === undefined) return Object.assign(() => true, { keepsAll: true as const })
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
  return (text, statedLevel) => {
    if (!matchesText(text)) return false
    if (minimum === undefined) return true
    const level = statedLevel ?? levelOf(text)
    return level !== undefined && levelRank(level) >= minimum
  }
}

/**
 * The lines of a batch the filter keeps, as a batch (possibly of no lines), and how many. `keepFirst`
 * keeps the first line whatever it says: it completes a partial line the client already shows.
 */
export function filterBatch(batch: LineBatch, filter: LineFilter, keepFirst = false): LineBatch {
  if (filter.keepsAll) return batch
  const texts = batch.text.split('\n')
  const kept: string[] = []
  const steps: number[] = []
  let details: Record<number, LineDetails> | undefined
  let end = batch.from
  let keptEnd = batch.from
  for (let index = 0; index < batch.steps.length; index += 1) {
    end += batch.steps[index]!
    const detail = batch.details?.[index]
    if (!(keepFirst && index === 0) && !filter(texts[index]!, detail?.level)) continue
    if (detail) (details ??= {})[kept.length] = detail
    kept.push(texts[index]!)
    steps.push(end - keptEnd)
    keptEnd = end
  }
  const filtered: LineBatch = {
    source: batch.source,
    text: kept.length > 0 ? kept.join('\n') + '\n' : '',
    base: batch.base,
    from: batch.from,
    steps,
  }
  if (details) filtered.details = details
  return filtered
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
