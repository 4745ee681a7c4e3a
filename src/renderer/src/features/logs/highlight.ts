// Splitting a line's text into parts to colour: its timestamp, its level word, and the filter's matches.
// The viewer turns each part into a text node in a span, so whatever a line holds stays text. Computed
// for the rows on screen only. Pure: no DOM, no React.
import type { LogLine } from '../../../../shared/logs'

export type Matcher = RegExp | undefined

interface LinePart {
  text: string
  decoration?: 'timestamp' | 'level'
  isMatch: boolean
}

/** At most this many matches are marked in one line: a one-letter filter on a 64 KiB line stays cheap. */
export const maxMatchesPerLine = 500

/** The filter as the server applies it: text or a regular expression, case-insensitive unless matching case. */
export function createMatcher(query: string, isRegex: boolean, matchCase: boolean): Matcher {
  if (query === '') return undefined
  const source = isRegex ? query : query.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  try {
    return new RegExp(source, matchCase ? 'g' : 'gi')
  } catch {
    // An invalid expression never reaches the stream (see filterProblem): there is nothing to mark.
    return undefined
  }
}

/** [start, end) of each non-empty match, in order. */
export function findMatches(text: string, matcher: Matcher): [number, number][] {
  if (!matcher) return []
  const ranges: [number, number][] = []
  matcher.lastIndex = 0
  let match: RegExpExecArray | null
  while (ranges.length < maxMatchesPerLine && (match = matcher.exec(text)) !== null) {
    const end = match.index + match[0].length
    if (end > match.index) ranges.push([match.index, end])
    // An empty match (`a*` before a `b`) would match again at the same place forever.
    else matcher.lastIndex += 1
  }
  return ranges
}

const levelWord =
  /(?:^|[\s[(<|])(trace|debug|dbg|info|inf|notice|warn|warning|wrn|error|err|eror|fatal|crit|critical|alert|emerg|panic)(?=[\s\]):>|]|$)/i
const levelSearchChars = 100

/** Where the word that gave the line its level stands, looked for just after the timestamp. */
export function findLevelWord(line: LogLine): [number, number] | undefined {
  if (!line.level) return undefined
  const from = line.timestamp?.[1] ?? 0
  const match = levelWord.exec(line.text.slice(from, from + levelSearchChars))
  if (!match) return undefined
  const start = from + match.index + match[0].length - match[1]!.length
  return [start, start + match[1]!.length]
}

function covering(ranges: readonly [number, number][], at: number): boolean {
  return ranges.some(([start, end]) => at >= start && at < end)
}

/** The line cut at every boundary of its timestamp, level word and matches; no part is empty. */
export function lineParts(line: LogLine, matcher: Matcher): LinePart[] {
  const { text } = line
  const matches = findMatches(text, matcher)
  const timestamp = line.timestamp ? [line.timestamp] : []
  const level = findLevelWord(line)
  const levels = level ? [level] : []
  if (matches.length === 0 && timestamp.length === 0 && levels.length === 0)
    return text === '' ? [] : [{ text, isMatch: false }]
  const cuts = new Set([0, text.length])
  for (const [start, end] of [...matches, ...timestamp, ...levels]) {
    cuts.add(Math.min(start, text.length))
    cuts.add(Math.min(end, text.length))
  }
  const sorted = [...cuts].sort((a, b) => a - b)
  const parts: LinePart[] = []
  // Matches are in order and do not overlap: one pointer walks them along the cuts.
  let match = 0
  for (let index = 0; index + 1 < sorted.length; index += 1) {
    const start = sorted[index]!
    while (match < matches.length && matches[match]![1] <= start) match += 1
    const decoration = covering(timestamp, start) ? 'timestamp' : covering(levels, start) ? 'level' : undefined
    const part: LinePart = {
      text: text.slice(start, sorted[index + 1]),
      isMatch: match < matches.length && matches[match]![0] <= start,
    }
    if (decoration) part.decoration = decoration
    const previous = parts.at(-1)
    if (previous && previous.decoration === part.decoration && previous.isMatch === part.isMatch)
      previous.text += part.text
    else parts.push(part)
  }
  return parts
}
