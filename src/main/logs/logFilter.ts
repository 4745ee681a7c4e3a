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
  if (query === '' && minLevel === undefined) {
    const keepsAll: LineFilter = Object.assign(() => true, { keepsAll: true as const })
    return { matches: keepsAll, matchesLevel: keepsAll }
  }
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
  const matchesLevel: LineFilter = (text, statedLevel) => {
    if (minimum === undefined) return true
    const level = statedLevel ?? levelOf(text)
    return level !== undefined && levelRank(level) >= minimum
  }
  // Text holding a line break or another control character is never in a line as the viewer shows it,
  // but could be found across lines in a block: such a filter checks every line instead.
  // eslint-disable-next-line no-control-regex
  const isSearchable = query !== '' && !isRegex && !/[\x00-\x08\x0a-\x1f\x7f]/.test(query)
  return {
    matches: (text, statedLevel) => matchesText(text) && matchesLevel(text, statedLevel),
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
  }).matches
}
